import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { parseSuggestion } from './parse-suggestion.js';
import { headAndTail } from './prepare.js';

const lists = { types: ['Invoice', 'Passport'], correspondents: ['Stadtwerke München'], tags: ['tax', 'home'] };

describe('parseSuggestion', () => {
  it('matches names to the user labels (case and spacing aside), flags the rest, dedupes tags', () => {
    const s = parseSuggestion(
      {
        title: '  Strom\nRechnung  ',
        type: 'PASSPORT',
        correspondent: 'stadtwerke   münchen',
        tags: ['Tax', 'tax', 42, '', 'garden'],
        new_tags: ['Garden', 'utilities'],
        document_date: '2024-02-30x',
        amounts: [{ value: 12.5, currency: 'eur', label: 'Summe', is_total: false }],
        due_date: null,
        expiry_date: '2031-05-01',
        summary: 'Passport of the holder.',
      },
      lists,
    );
    expect(s).toEqual({
      source: 'ai',
      title: 'Strom Rechnung',
      type: { name: 'Passport', confidence: 0.8 },
      correspondent: { name: 'Stadtwerke München', confidence: 0.8 },
      tags: [
        { name: 'tax', confidence: 0.8 },
        { name: 'garden', confidence: 0.5, proposed: true },
        { name: 'utilities', confidence: 0.5, proposed: true },
      ],
      documentDate: null,
      // The only amount stands for the total.
      total: { value: 12.5, currency: 'EUR', label: 'Summe' },
      dueDate: null,
      expiryDate: '2031-05-01',
      summary: 'Passport of the holder.',
    });
  });

  it('keeps what it can read of a sloppy answer, and refuses one that is not an object', () => {
    const s = parseSuggestion({ title: 7, amounts: 'lots', tags: 'tax', document_date: '2024-03-15' }, lists);
    expect(s).toMatchObject({ title: null, total: null, tags: [], documentDate: '2024-03-15', type: null });
    for (const input of ['just text', null, [1, 2]]) {
      const error = (() => {
        try {
          parseSuggestion(input, lists);
        } catch (e) {
          return e;
        }
      })();
      expect(isLockleafError(error, 'AI_FAILED')).toBe(true);
    }
  });
});

describe('headAndTail', () => {
  it('keeps a short text whole', () => {
    expect(headAndTail('short text', 100)).toEqual({ text: 'short text', omitted: 0 });
  });

  it('keeps about two thirds head and one third tail, cut between words, with a marker', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const { text, omitted } = headAndTail(words, 600);
    const [head, tail] = text.split(/\n\[… \d+ characters left out …\]\n/);
    expect(head!.startsWith('w0 w1 ')).toBe(true);
    expect(tail!.endsWith('w1998 w1999')).toBe(true);
    expect(head!.length + tail!.length).toBeLessThanOrEqual(600);
    expect(head!.length).toBeGreaterThan(350);
    expect(head!.length + tail!.length + omitted).toBe(words.length);
    for (const part of [head!, tail!]) for (const w of part.trim().split(' ')) expect(words.split(' ')).toContain(w);
  });
});
