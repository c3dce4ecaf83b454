/**
 * How many documents each query term could match, read from the FTS5 vocab
 * table. bm25 must score every matching document, so a query made only of
 * common terms ("invoice" in a vault of invoices) is ranked newest-first
 * instead: it then stops after one page of results, and bm25 would barely
 * separate such documents anyway.
 */
import type { ReadDb } from '../db/connection.js';
import type { Term } from './query-parser.js';

/** Above this many candidate documents, a query is ordered newest-first instead of by bm25. */
export const RANKED_MAX_CANDIDATES = 1500;

/**
 * Mirrors the unicode61 tokenizer (separators are punctuation, spaces and
 * controls; lower case; no diacritics). Only used for estimates: a mismatch
 * can change the order of results, never which documents match.
 */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[\p{P}\p{Z}\p{Cc}\p{Cf}]+/u)
    .filter(Boolean);
}

/** An upper bound on the documents matching all `terms` (the rarest token's count), in one query. */
export async function candidateCount(db: ReadDb, terms: readonly Term[]): Promise<number> {
  const parts: string[] = [];
  const params: string[] = [];
  for (const term of terms) {
    const words = tokens(term.text);
    for (const [i, token] of words.entries()) {
      if (term.prefix && i === words.length - 1) {
        parts.push('SELECT (SELECT sum(doc) FROM doc_fts_terms WHERE term >= ? AND term < ?) AS n');
        params.push(token, `${token}\u{10ffff}`);
      } else {
        parts.push('SELECT (SELECT doc FROM doc_fts_terms WHERE term = ?) AS n');
        params.push(token);
      }
    }
  }
  if (parts.length === 0) return 0;
  const row = await db.get<{ n: number }>(
    `SELECT min(coalesce(n, 0)) AS n FROM (${parts.join(' UNION ALL ')})`,
    params,
  );
  return row?.n ?? 0;
}
