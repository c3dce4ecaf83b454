/**
 * SQL for documents and how they are filed. Reads take a ReadDb; writes take
 * the WriteDb of an open transaction, so callers decide the transaction.
 */
import type {
  CustomFieldKind,
  CustomFieldValue,
  DocumentDetail,
  DocumentPatch,
  DocumentSummary,
  NameFacets,
  PageText,
} from '../../../src-shared/documents.js';
import { LockleafError } from '../../errors.js';
import type { ReadDb, WriteDb } from '../db/connection.js';
import { rebuildSearchRow } from '../search/search-index.js';

export interface StoredDocument {
  seq: number;
  id: string;
  blobName: string;
  blobKey: Buffer;
  keyVersion: number;
}

export interface NewDocument {
  id: string;
  title: string;
  originalName: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
  addedAt: string;
  notes: string;
  blobName: string;
  blobKey: Buffer;
  keyVersion: number;
}

interface SummaryRow {
  id: string;
  title: string;
  original_name: string;
  mime: string;
  size: number;
  created_at: string;
  added_at: string;
  modified_at: string;
  deleted_at: string | null;
  type: string | null;
  correspondent: string | null;
  tags: string | null;
  pinned: number;
}

const SUMMARY_SELECT = `
  SELECT d.id, d.title, d.original_name, d.mime, d.size, d.created_at, d.added_at, d.modified_at, d.deleted_at, d.pinned_at IS NOT NULL AS pinned,
    dt.name AS type, c.name AS correspondent,
    (SELECT json_group_array(t.name) FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_seq = d.seq) AS tags
  FROM documents d
  LEFT JOIN document_types dt ON dt.id = d.type_id
  LEFT JOIN correspondents c ON c.id = d.correspondent_id`;

function toSummary(row: SummaryRow): DocumentSummary {
  const tags = (JSON.parse(row.tags ?? '[]') as string[]).sort((a, b) => a.localeCompare(b));
  return {
    id: row.id,
    title: row.title,
    originalName: row.original_name,
    mime: row.mime,
    size: row.size,
    createdAt: row.created_at,
    addedAt: row.added_at,
    modifiedAt: row.modified_at,
    deletedAt: row.deleted_at,
    type: row.type,
    correspondent: row.correspondent,
    tags,
    pinned: row.pinned === 1,
  };
}

export async function findStored(db: ReadDb, id: string): Promise<StoredDocument | undefined> {
  const row = await db.get<{ seq: number; id: string; blob_name: string; blob_key: Buffer; key_version: number }>(
    'SELECT seq, id, blob_name, blob_key, key_version FROM documents WHERE id = ?',
    [id],
  );
  return (
    row && { seq: row.seq, id: row.id, blobName: row.blob_name, blobKey: row.blob_key, keyVersion: row.key_version }
  );
}

export async function findBySha256(
  db: ReadDb,
  sha256: string,
): Promise<{ id: string; title: string; deletedAt: string | null } | undefined> {
  const row = await db.get<{ id: string; title: string; deleted_at: string | null }>(
    'SELECT id, title, deleted_at FROM documents WHERE sha256 = ?',
    [sha256],
  );
  return row && { id: row.id, title: row.title, deletedAt: row.deleted_at };
}

export async function getDetail(db: ReadDb, id: string): Promise<DocumentDetail | undefined> {
  const row = await db.get<SummaryRow & { seq: number; notes: string; sha256: string }>(
    SUMMARY_SELECT.replace('SELECT d.id,', 'SELECT d.seq, d.notes, d.sha256, d.id,') + ' WHERE d.id = ?',
    [id],
  );
  if (!row) return undefined;
  const pages = await db.all<{ page_no: number; text: string; confidence: number | null }>(
    'SELECT page_no, text, confidence FROM pages WHERE document_seq = ? ORDER BY page_no',
    [row.seq],
  );
  const fields = await db.all<CustomFieldValue>(
    'SELECT f.name, f.kind, v.value FROM document_custom_fields v JOIN custom_fields f ON f.id = v.field_id WHERE v.document_seq = ? ORDER BY f.name',
    [row.seq],
  );
  return {
    ...toSummary(row),
    notes: row.notes,
    sha256: row.sha256,
    pages: pages.map((p) => ({ pageNo: p.page_no, text: p.text, confidence: p.confidence })),
    customFields: fields,
  };
}

export interface ListOptions {
  scope?: 'library' | 'trash';
  /** Only pinned documents, most recently pinned first. */
  pinned?: boolean;
  limit?: number;
  offset?: number;
}

export async function listDocuments(db: ReadDb, options: ListOptions = {}): Promise<DocumentSummary[]> {
  const where =
    (options.scope === 'trash' ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL') +
    (options.pinned ? ' AND d.pinned_at IS NOT NULL' : '');
  const order = options.pinned ? 'd.pinned_at DESC' : 'd.added_at DESC, d.seq DESC';
  const rows = await db.all<SummaryRow>(`${SUMMARY_SELECT} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [
    Math.min(Math.max(options.limit ?? 100, 1), 10_000),
    Math.max(options.offset ?? 0, 0),
  ]);
  return rows.map(toSummary);
}

/** Removes C0 controls other than tab/newline/form feed: they are the snippet markers. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000d-\u001f\u007f]/g, ' ');
}

export async function insertDocument(tx: WriteDb, doc: NewDocument, pages: readonly PageText[]): Promise<number> {
  const { lastID: seq } = await tx.run(
    `INSERT INTO documents (id, title, original_name, mime, size, sha256, created_at, added_at, modified_at, notes, blob_name, blob_key, key_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      doc.id,
      doc.title,
      doc.originalName,
      doc.mime,
      doc.size,
      doc.sha256,
      doc.createdAt,
      doc.addedAt,
      doc.addedAt,
      doc.notes,
      doc.blobName,
      doc.blobKey,
      doc.keyVersion,
    ],
  );
  for (const page of pages) {
    await tx.run('INSERT INTO pages (document_seq, page_no, text, confidence) VALUES (?, ?, ?, ?)', [
      seq,
      page.pageNo,
      cleanText(page.text),
      page.confidence,
    ]);
  }
  return seq;
}

async function namedId(
  tx: WriteDb,
  table: 'tags' | 'document_types' | 'correspondents',
  name: string,
): Promise<number> {
  await tx.run(`INSERT INTO ${table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, [name]);
  const row = await tx.get<{ id: number }>(`SELECT id FROM ${table} WHERE name = ?`, [name]);
  if (!row) throw new Error(`could not create ${table} entry`);
  return row.id;
}

export async function addTags(tx: WriteDb, seq: number, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const tagId = await namedId(tx, 'tags', name);
    await tx.run('INSERT OR IGNORE INTO document_tags (document_seq, tag_id) VALUES (?, ?)', [seq, tagId]);
  }
  await rebuildSearchRow(tx, seq);
}

export async function removeTags(tx: WriteDb, seq: number, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await tx.run('DELETE FROM document_tags WHERE document_seq = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)', [
      seq,
      name,
    ]);
  }
  await rebuildSearchRow(tx, seq);
}

export async function updateDocument(tx: WriteDb, seq: number, patch: DocumentPatch, now: string): Promise<void> {
  const changes: [column: string, value: string | number | null][] = [['modified_at', now]];
  if (patch.title !== undefined) changes.push(['title', patch.title]);
  if (patch.notes !== undefined) changes.push(['notes', cleanText(patch.notes)]);
  if (patch.createdAt !== undefined) changes.push(['created_at', patch.createdAt]);
  if (patch.type !== undefined) {
    changes.push(['type_id', patch.type === null ? null : await namedId(tx, 'document_types', patch.type)]);
  }
  if (patch.correspondent !== undefined) {
    changes.push([
      'correspondent_id',
      patch.correspondent === null ? null : await namedId(tx, 'correspondents', patch.correspondent),
    ]);
  }
  await tx.run(`UPDATE documents SET ${changes.map(([c]) => `${c} = ?`).join(', ')} WHERE seq = ?`, [
    ...changes.map(([, v]) => v),
    seq,
  ]);
  await rebuildSearchRow(tx, seq);
}

export async function setDeleted(tx: WriteDb, seq: number, deletedAt: string | null): Promise<void> {
  await tx.run('UPDATE documents SET deleted_at = ?, modified_at = ? WHERE seq = ?', [
    deletedAt,
    deletedAt ?? new Date().toISOString(),
    seq,
  ]);
}

/** Sets (or with `value` null, clears) a custom field; the field is created on first use with its kind. */
export async function setCustomField(
  tx: WriteDb,
  seq: number,
  name: string,
  kind: CustomFieldKind,
  value: string | null,
): Promise<void> {
  await tx.run('INSERT INTO custom_fields (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, kind]);
  const field = await tx.get<{ id: number; kind: CustomFieldKind }>(
    'SELECT id, kind FROM custom_fields WHERE name = ?',
    [name],
  );
  if (!field) throw new Error('could not create custom field');
  if (field.kind !== kind)
    throw new LockleafError('INVALID_INPUT', `The field "${name}" holds ${field.kind} values, not ${kind}.`);
  if (value === null) {
    await tx.run('DELETE FROM document_custom_fields WHERE document_seq = ? AND field_id = ?', [seq, field.id]);
    return;
  }
  const valid: Record<CustomFieldKind, RegExp> = {
    text: /^[\s\S]{0,2000}$/,
    number: /^-?\d+(\.\d+)?$/,
    date: /^\d{4}-\d{2}-\d{2}$/,
    money: /^-?\d+(\.\d{1,2})? [A-Z]{3}$/,
  };
  if (!valid[kind].test(value))
    throw new LockleafError(
      'INVALID_INPUT',
      `"${value}" is not a valid ${kind} value${kind === 'money' ? ' (e.g. "12.50 EUR")' : kind === 'date' ? ' (YYYY-MM-DD)' : ''}.`,
    );
  await tx.run(
    'INSERT INTO document_custom_fields (document_seq, field_id, value) VALUES (?, ?, ?) ON CONFLICT (document_seq, field_id) DO UPDATE SET value = excluded.value',
    [seq, field.id, value],
  );
}

export async function setPinned(tx: WriteDb, seq: number, pinnedAt: string | null): Promise<void> {
  await tx.run('UPDATE documents SET pinned_at = ? WHERE seq = ?', [pinnedAt, seq]);
}

/** Tags, types and correspondents of live documents, with how many documents each has. */
export async function facets(db: ReadDb): Promise<NameFacets> {
  const live = 'd.deleted_at IS NULL';
  const [tags, types, correspondents] = await Promise.all([
    db.all<{ name: string; count: number }>(
      `SELECT t.name, count(*) AS count FROM tags t JOIN document_tags x ON x.tag_id = t.id JOIN documents d ON d.seq = x.document_seq WHERE ${live} GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
    ),
    db.all<{ name: string; count: number }>(
      `SELECT dt.name, count(*) AS count FROM documents d JOIN document_types dt ON dt.id = d.type_id WHERE ${live} GROUP BY dt.id ORDER BY dt.name COLLATE NOCASE`,
    ),
    db.all<{ name: string; count: number }>(
      `SELECT c.name, count(*) AS count FROM documents d JOIN correspondents c ON c.id = d.correspondent_id WHERE ${live} GROUP BY c.id ORDER BY c.name COLLATE NOCASE`,
    ),
  ]);
  return { tags, types, correspondents };
}
