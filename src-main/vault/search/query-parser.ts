/**
 * The search box language: words, "phrases", -exclusions, and the filters
 * tag:, type:, correspondent:, from:, before:, after: (dates as YYYY, YYYY-MM
 * or YYYY-MM-DD). A leading minus negates a filter too: -tag:x leaves out what
 * is tagged x, and -before:2024 means from:2024 (each date filter's opposite).
 * Parsing is separate from SQL so it can be tested on its own.
 */
import { LockleafError } from '../../errors.js';

export interface ParsedQuery {
  terms: Term[];
  excludes: Term[];
  tags: string[];
  types: string[];
  correspondents: string[];
  /** From -tag:, -type:, -correspondent: documents with any of these are left out. */
  notTags: string[];
  notTypes: string[];
  notCorrespondents: string[];
  /** Inclusive lower bound, ISO date-time. */
  since?: string;
  /** Exclusive upper bound, ISO date-time. */
  until?: string;
}

export interface Term {
  text: string;
  phrase: boolean;
  prefix: boolean;
}

const FILTERS = new Set(['tag', 'type', 'correspondent', 'from', 'before', 'after']);
const HAS_WORD = /[\p{L}\p{N}]/u;

interface Token {
  negated: boolean;
  key?: string;
  value: string;
  quoted: boolean;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/giu;
  for (const m of input.matchAll(re)) {
    const key = m[2]?.toLowerCase();
    const quoted = m[3] !== undefined;
    const value = (quoted ? m[3] : m[4]) ?? '';
    if (key && !FILTERS.has(key)) {
      tokens.push({ negated: m[1] === '-', value: `${m[2]}:${value}`, quoted });
    } else {
      tokens.push({ negated: m[1] === '-', ...(key ? { key } : {}), value, quoted });
    }
  }
  return tokens;
}

/** The first instant of the period a date names, and the first instant after it. */
export function dateRange(value: string): { start: string; end: string } {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
  if (!m) throw new LockleafError('INVALID_QUERY', `"${value}" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD.`);
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) - 1 : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  const start = new Date(Date.UTC(year, month ?? 0, day ?? 1));
  if ((month !== undefined && start.getUTCMonth() !== month) || (day !== undefined && start.getUTCDate() !== day)) {
    throw new LockleafError('INVALID_QUERY', `"${value}" is not a real date.`);
  }
  const end = new Date(start);
  if (day !== undefined) end.setUTCDate(end.getUTCDate() + 1);
  else if (month !== undefined) end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { start: start.toISOString(), end: end.toISOString() };
}

function later(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}
function earlier(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

export function parseQuery(input: string, options: { prefixLast?: boolean } = {}): ParsedQuery {
  const query: ParsedQuery = {
    terms: [],
    excludes: [],
    tags: [],
    types: [],
    correspondents: [],
    notTags: [],
    notTypes: [],
    notCorrespondents: [],
  };
  for (const token of tokenize(input)) {
    const value = token.value.trim();
    if (!value) continue;
    switch (token.key) {
      case 'tag':
        (token.negated ? query.notTags : query.tags).push(value);
        break;
      case 'type':
        (token.negated ? query.notTypes : query.types).push(value);
        break;
      case 'correspondent':
        (token.negated ? query.notCorrespondents : query.correspondents).push(value);
        break;
      // A negated date filter is its opposite: -from:X is before:X, -before:X is from:X, -after:X ends with X.
      case 'from':
        if (token.negated) query.until = earlier(query.until, dateRange(value).start);
        else query.since = later(query.since, dateRange(value).start);
        break;
      case 'after':
        if (token.negated) query.until = earlier(query.until, dateRange(value).end);
        else query.since = later(query.since, dateRange(value).end);
        break;
      case 'before':
        if (token.negated) query.since = later(query.since, dateRange(value).start);
        else query.until = earlier(query.until, dateRange(value).start);
        break;
      default: {
        if (!HAS_WORD.test(value)) break;
        const term = { text: value, phrase: token.quoted, prefix: false };
        (token.negated ? query.excludes : query.terms).push(term);
      }
    }
  }
  const last = query.terms.at(-1);
  if (options.prefixLast !== false && last && !last.phrase && !/\s$/.test(input)) last.prefix = true;
  return query;
}

/** An FTS5 MATCH expression in which every term is a quoted string: no user syntax reaches FTS5. */
export function toFtsExpression(terms: readonly Term[], joiner: 'AND' | 'OR' = 'AND'): string {
  return terms.map((t) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(` ${joiner} `);
}
