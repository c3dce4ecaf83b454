/**
 * A document as synced fields: what capture reads from the vault's tables and
 * what materialize writes back. One field per thing two devices may edit
 * independently (title, notes, each tag, each custom field…), so concurrent
 * edits to different ones both survive. Values are plain JSON, compared
 * structurally.
 *
 * Document keys are not part of a field's value here: they travel only
 * inside sealed segments and snapshots (see wire.ts), and on each device live
 * wrapped by its own keyring, never in the sync tables.
 */
import { createHash } from 'node:crypto';
import type { ReadDb } from '../../vault/db/connection.js';

export const DOC = 'doc';

export interface ContentValue {
  name: string;
  mime: string;
  size: number;
  sha256: string;
  addedAt: string;
  /** The blob's local name; its remote name is derived from it (names.ts blobName). */
  blob: string;
}

export interface ArchiveValue {
  blob: string;
}

export interface PageValue {
  n: number;
  t: string;
  c: number | null;
}

export interface TagValue {
  name: string;
  on: boolean;
}

export interface CustomValue {
  name: string;
  kind: string;
  value: string | null;
}

/** `tag.<h>` / `cf.<h>` / `v.<h>`: one field per tag, custom field or saved view, named by a hash of its case-folded name (names may hold any character). */
export function nameField(prefix: 'tag' | 'cf' | 'v', name: string): string {
  return `${prefix}.${createHash('sha256').update(name.toLocaleLowerCase('en-US')).digest('hex').slice(0, 24)}`;
}

export interface LocalDocRow {
  seq: number;
  id: string;
  blob_name: string;
  blob_key: Buffer;
  key_version: number;
  archive_blob_name: string | null;
  archive_blob_key: Buffer | null;
  archive_key_version: number | null;
}

/** Whether the document is still being read (its fields will change again; it is captured once its job ends). */
export async function isIngesting(db: ReadDb, seq: number): Promise<boolean> {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM ingest_jobs WHERE document_seq = ? AND state NOT IN ('done', 'failed', 'cancelled')`,
    [seq],
  );
  return (row?.n ?? 0) > 0;
}

/** The document's fields as this device holds them, or undefined when it has no such document. */
export async function readDocFields(
  db: ReadDb,
  id: string,
): Promise<{ row: LocalDocRow; fields: Map<string, unknown> } | undefined> {
  const d = await db.get<
    LocalDocRow & {
      title: string;
      original_name: string;
      mime: string;
      size: number;
      sha256: string;
      created_at: string;
      added_at: string;
      notes: string;
      deleted_at: string | null;
      pinned_at: string | null;
      ai_excluded: number;
      type: string | null;
      correspondent: string | null;
    }
  >(
    `SELECT d.*, dt.name AS type, c.name AS correspondent FROM documents d
     LEFT JOIN document_types dt ON dt.id = d.type_id LEFT JOIN correspondents c ON c.id = d.correspondent_id
     WHERE d.id = ?`,
    [id],
  );
  if (!d) return undefined;
  const fields = new Map<string, unknown>();
  const content: ContentValue = {
    name: d.original_name,
    mime: d.mime,
    size: d.size,
    sha256: d.sha256,
    addedAt: d.added_at,
    blob: d.blob_name,
  };
  fields.set('content', content);
  fields.set('archive', d.archive_blob_name ? ({ blob: d.archive_blob_name } satisfies ArchiveValue) : null);
  fields.set('title', d.title);
  fields.set('notes', d.notes);
  fields.set('createdAt', d.created_at);
  fields.set('type', d.type);
  fields.set('correspondent', d.correspondent);
  fields.set('deletedAt', d.deleted_at);
  fields.set('pinnedAt', d.pinned_at);
  // "Never send to AI" is a promise about the document, so it holds on every device.
  fields.set('aiExcluded', d.ai_excluded === 1);
  const pages = await db.all<{ page_no: number; text: string; confidence: number | null }>(
    'SELECT page_no, text, confidence FROM pages WHERE document_seq = ? ORDER BY page_no',
    [d.seq],
  );
  fields.set(
    'pages',
    pages.map((p): PageValue => ({ n: p.page_no, t: p.text, c: p.confidence })),
  );
  const thumb = await db.get<{ mime: string; data: Buffer }>(
    'SELECT mime, data FROM thumbnails WHERE document_seq = ?',
    [d.seq],
  );
  fields.set('thumb', thumb ? { mime: thumb.mime, data: thumb.data.toString('base64') } : null);
  const tags = await db.all<{ name: string }>(
    'SELECT t.name FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_seq = ?',
    [d.seq],
  );
  for (const { name } of tags) fields.set(nameField('tag', name), { name, on: true } satisfies TagValue);
  const custom = await db.all<{ name: string; kind: string; value: string }>(
    `SELECT f.name, f.kind, v.value FROM document_custom_fields v JOIN custom_fields f ON f.id = v.field_id
     WHERE v.document_seq = ?`,
    [d.seq],
  );
  for (const c of custom) fields.set(nameField('cf', c.name), { name: c.name, kind: c.kind, value: c.value });
  return { row: d, fields };
}

/**
 * What a field becomes when the local table no longer holds it: a tag taken
 * off is `on: false`, a custom field cleared is `value: null`. Undefined for
 * fields that always exist while the document does.
 */
export function absentValue(field: string, stored: unknown): unknown {
  if (field.startsWith('tag.')) return { ...(stored as TagValue), on: false };
  if (field.startsWith('cf.')) return { ...(stored as CustomValue), value: null };
  return undefined;
}
