import { describe, expect, it } from 'vitest';
import { dateRange, parseQuery, toFtsExpression } from './query-parser.js';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and filters', () => {
    const q = parseQuery('invoice "health insurance" -draft tag:tax type:Receipt from:2024 before:2024-07');
    expect(q.terms).toEqual([
      { text: 'invoice', phrase: false, prefix: false },
      { text: 'health insurance', phrase: true, prefix: false },
    ]);
    expect(q.excludes).toEqual([{ text: 'draft', phrase: false, prefix: false }]);
    expect(q.tags).toEqual(['tax']);
    expect(q.types).toEqual(['Receipt']);
    expect(q.since).toBe('2024-01-01T00:00:00.000Z');
    expect(q.until).toBe('2024-07-01T00:00:00.000Z');
  });

  it('makes the last word a prefix while typing, not after a space', () => {
    expect(parseQuery('insur').terms[0]?.prefix).toBe(true);
    expect(parseQuery('insur ').terms[0]?.prefix).toBe(false);
  });

  it('after: starts after the whole period it names', () => {
    expect(parseQuery('after:2023').since).toBe('2024-01-01T00:00:00.000Z');
    expect(parseQuery('after:2023-02-28').since).toBe('2023-03-01T00:00:00.000Z');
  });

  it('quoted filter values and unknown keys stay words', () => {
    const q = parseQuery('tag:"tax return" http://x ');
    expect(q.tags).toEqual(['tax return']);
    expect(q.terms[0]?.text).toBe('http://x');
  });

  it('drops punctuation-only terms', () => {
    expect(parseQuery('!!! ---').terms).toEqual([]);
  });

  it('refuses impossible dates with a clear error', () => {
    expect(() => dateRange('2024-02-30')).toThrow(/not a real date/);
    expect(() => parseQuery('before:yesterday')).toThrow(/not a date/);
  });

  it('quotes every term so user input cannot inject FTS5 syntax', () => {
    const q = parseQuery('a" OR b NEAR(c');
    expect(toFtsExpression(q.terms)).toBe('"a""" AND "OR" AND "b" AND "NEAR(c"*');
  });

  it('a negated filter leaves out, never narrows to', () => {
    const q = parseQuery('-tag:work -type:Receipt -correspondent:"ACME Ltd" tag:tax');
    expect(q.tags).toEqual(['tax']);
    expect(q.types).toEqual([]);
    expect(q.correspondents).toEqual([]);
    expect(q.notTags).toEqual(['work']);
    expect(q.notTypes).toEqual(['Receipt']);
    expect(q.notCorrespondents).toEqual(['ACME Ltd']);
    expect(q.terms).toEqual([]);
  });

  it('a negated date filter means its opposite', () => {
    const range = (q: string) => [parseQuery(q).since, parseQuery(q).until];
    expect(range('-before:2024')).toEqual(['2024-01-01T00:00:00.000Z', undefined]);
    expect(range('-from:2024-03')).toEqual([undefined, '2024-03-01T00:00:00.000Z']);
    expect(range('-after:2023')).toEqual([undefined, '2024-01-01T00:00:00.000Z']);
  });
});
