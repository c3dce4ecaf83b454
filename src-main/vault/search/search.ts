/**
 * Full-text search over the encrypted database: FTS5 MATCH, bm25 ranking
 * (title weighted over tags over notes over body) and highlighted snippets.
 */
import type { SearchHit, SearchSort } from '../../../src-shared/documents.js';
import type { Param, ReadDb } from '../db/connection.js';
import { parseQuery, toFtsExpression, type ParsedQuery } from './query-parser.js';
import { RANKED_MAX_CANDIDATES, candidateCount } from './term-stats.js';

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** `library` (default) searches live documents, `trash` the trashed ones. */
  scope?: 'library' | 'trash';
  /** Relevance (default when there are words), or newest added / newest dated / title. */
  sort?: SearchSort;
}

const ORDER: Record<Exclude<SearchSort, 'relevance'>, string> = {
  added: 'd.added_at DESC, d.seq DESC',
  created: 'd.created_at DESC, d.seq DESC',
  title: 'd.title COLLATE NOCASE, d.seq',
};

export type { SearchHit };

// Control characters as markers: they cannot come from the escaped text.
const OPEN = '\u0002';
const CLOSE = '\u0003';
const TAG_SEP = '\u001f';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function markSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

function filters(q: ParsedQuery, scope: SearchOptions['scope']): { sql: string[]; params: Param[] } {
  const sql = [scope === 'trash' ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL'];
  const params: Param[] = [];
  for (const tag of q.tags) {
    sql.push(
      'd.seq IN (SELECT dt.document_seq FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?)',
    );
    params.push(tag);
  }
  for (const type of q.types) {
    sql.push('d.type_id = (SELECT id FROM document_types WHERE name = ?)');
    params.push(type);
  }
  for (const name of q.correspondents) {
    sql.push('d.correspondent_id = (SELECT id FROM correspondents WHERE name = ?)');
    params.push(name);
  }
  for (const tag of q.notTags) {
    sql.push(
      'd.seq NOT IN (SELECT dt.document_seq FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?)',
    );
    params.push(tag);
  }
  for (const type of q.notTypes) {
    // A document without a type is not of the excluded type.
    sql.push('d.type_id IS NOT (SELECT id FROM document_types WHERE name = ?)');
    params.push(type);
  }
  for (const name of q.notCorrespondents) {
    sql.push('d.correspondent_id IS NOT (SELECT id FROM correspondents WHERE name = ?)');
    params.push(name);
  }
  if (q.since) {
    sql.push('d.created_at >= ?');
    params.push(q.since);
  }
  if (q.until) {
    sql.push('d.created_at < ?');
    params.push(q.until);
  }
  if (q.excludes.length > 0) {
    sql.push('d.seq NOT IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?)');
    params.push(toFtsExpression(q.excludes, 'OR'));
  }
  return { sql, params };
}

export interface HitRow {
  id: string;
  title: string;
  snip: string;
  rank: number;
  mime: string;
  created_at: string;
  added_at: string;
  type_name: string | null;
  correspondent_name: string | null;
  /** Tag names joined by the unit separator (a control character no name contains). */
  tag_names: string | null;
  page_count: number;
}

function toHit(row: HitRow): SearchHit {
  return {
    id: row.id,
    title: row.title,
    snippet: markSnippet(row.snip ?? ''),
    score: -row.rank,
    mime: row.mime,
    createdAt: row.created_at,
    addedAt: row.added_at,
    type: row.type_name,
    correspondent: row.correspondent_name,
    tags: row.tag_names ? row.tag_names.split(TAG_SEP).sort((a, b) => a.localeCompare(b)) : [],
    pageCount: row.page_count,
  };
}

/** The SQL and parameters for a query: shared by the vault and the plaintext baseline in bench/search. */
export function searchStatement(
  q: ParsedQuery,
  options: SearchOptions = {},
  candidates = 0,
): { sql: string; params: Param[] } {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const offset = Math.max(options.offset ?? 0, 0);
  const where = filters(q, options.scope);
  // What a row shows beside its title, read only for the page of rows asked for.
  const cols = `d.id, d.title, d.mime, d.created_at, d.added_at,
    (SELECT name FROM document_types WHERE id = d.type_id) AS type_name,
    (SELECT name FROM correspondents WHERE id = d.correspondent_id) AS correspondent_name,
    (SELECT group_concat(t.name, char(31)) FROM document_tags x JOIN tags t ON t.id = x.tag_id
      WHERE x.document_seq = d.seq) AS tag_names,
    (SELECT count(*) FROM pages WHERE document_seq = d.seq) AS page_count`;
  if (q.terms.length === 0) {
    // Only filters: newest first, the start of the text as the snippet.
    return {
      sql: `SELECT ${cols}, 0 AS rank,
         COALESCE((SELECT substr(text, 1, 160) FROM pages WHERE document_seq = d.seq ORDER BY page_no LIMIT 1), '') AS snip
       FROM documents d WHERE ${where.sql.join(' AND ')}
       ORDER BY ${ORDER[options.sort && options.sort !== 'relevance' ? options.sort : 'added']} LIMIT ? OFFSET ?`,
      params: [...where.params, limit, offset],
    };
  }
  // CROSS JOIN pins the FTS index as the outer loop. Without it, SQLite 3.51
  // (SQLCipher 4.14) may drive from a tag filter and re-run MATCH per
  // document, which is 50x slower on a large vault.
  const order =
    options.sort && options.sort !== 'relevance'
      ? ORDER[options.sort]
      : candidates > RANKED_MAX_CANDIDATES
        ? 'doc_fts.rowid DESC'
        : 'doc_fts.rank';
  return {
    sql: `SELECT ${cols}, doc_fts.rank AS rank,
       snippet(doc_fts, -1, '${OPEN}', '${CLOSE}', '…', 16) AS snip
     FROM doc_fts CROSS JOIN documents d ON d.seq = doc_fts.rowid
     WHERE doc_fts MATCH ? AND ${where.sql.join(' AND ')}
     ORDER BY ${order} LIMIT ? OFFSET ?`,
    params: [toFtsExpression(q.terms), ...where.params, limit, offset],
  };
}

/** How many documents a query matches, with the same filters as search (no limit). */
export async function countMatches(
  db: ReadDb,
  text: string,
  options: Pick<SearchOptions, 'scope'> = {},
): Promise<number> {
  const q = parseQuery(text);
  const where = filters(q, options.scope);
  const row =
    q.terms.length === 0
      ? await db.get<{ n: number }>(
          `SELECT count(*) AS n FROM documents d WHERE ${where.sql.join(' AND ')}`,
          where.params,
        )
      : await db.get<{ n: number }>(
          `SELECT count(*) AS n FROM doc_fts CROSS JOIN documents d ON d.seq = doc_fts.rowid
           WHERE doc_fts MATCH ? AND ${where.sql.join(' AND ')}`,
          [toFtsExpression(q.terms), ...where.params],
        );
  return row?.n ?? 0;
}

export async function search(db: ReadDb, text: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  const q = parseQuery(text);
  const candidates = q.terms.length > 0 ? await candidateCount(db, q.terms) : 0;
  const { sql, params } = searchStatement(q, options, candidates);
  return (await db.all<HitRow>(sql, params)).map(toHit);
}
