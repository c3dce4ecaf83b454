/**
 * Materialize: writes a document's merged fields into the vault's tables,
 * after changes from other devices won. Only the fields that changed are
 * written; a document whose `content` has not arrived yet waits in the merged
 * state (nothing to show without it). A purge removes the row and the blob.
 * Runs inside the engine's apply transaction.
 */
import type { WriteDb } from '../../vault/db/connection.js';
import { rebuildSearchRow, removeSearchRow } from '../../vault/search/search-index.js';
import type { DocKeyKind, SyncHost } from '../../vault/sync-host.js';
import { PURGED_FIELD } from '../merge/change.js';
import { queue } from './capture.js';
import { wireKeyOf } from './wire.js';
import type { ArchiveValue, ContentValue, CustomValue, PageValue, TagValue } from './doc-record.js';

/** Document keys that came with this round's changes, by `${docId}/${field}`. */
export type WireKeys = Map<string, Buffer>;

export interface MaterializeIssue {
  docId: string;
  why: string;
}

/**
 * Ids of tags, types and correspondents already looked up (a clone asks for the same few often). Keyed by the
 * writer connection, which outlives a transaction: applyBatch forgets them at its start and after a rolled-back
 * record, so an id from a transaction that did not commit is never reused.
 */
const namedIds = new WeakMap<WriteDb, Map<string, number>>();

export function forgetNamedIds(tx: WriteDb): void {
  namedIds.delete(tx);
}

async function namedId(tx: WriteDb, table: 'tags' | 'document_types' | 'correspondents', name: string) {
  const cache = namedIds.get(tx) ?? new Map<string, number>();
  namedIds.set(tx, cache);
  const key = `${table}\0${name.toLocaleLowerCase('en-US')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  await tx.run(`INSERT INTO ${table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, [name]);
  const id = (await tx.get<{ id: number }>(`SELECT id FROM ${table} WHERE name = ?`, [name]))!.id;
  cache.set(key, id);
  return id;
}

function wrapped(host: SyncHost, keys: WireKeys, kind: DocKeyKind, docId: string, field: string, blob: string) {
  const key = keys.get(wireKeyOf(docId, field, blob));
  return key ? host.wrapDocKey(kind, docId, key) : undefined;
}

export async function materializeDoc(
  tx: WriteDb,
  host: SyncHost,
  docId: string,
  values: Map<string, unknown>,
  changed: Set<string>,
  keys: WireKeys,
  /** Blob files to remove once the transaction committed (a rolled-back one must still find them). */
  removals: string[],
): Promise<MaterializeIssue | undefined> {
  const existing = await tx.get<{ seq: number; blob_name: string; archive_blob_name: string | null }>(
    'SELECT seq, blob_name, archive_blob_name FROM documents WHERE id = ?',
    [docId],
  );
  if (values.has(PURGED_FIELD)) {
    if (!existing) return undefined;
    // As a local purge does: the search index holds the title, text and notes too.
    await removeSearchRow(tx, existing.seq);
    await tx.run('DELETE FROM documents WHERE seq = ?', [existing.seq]);
    await tx.run(`DELETE FROM sync_blobs WHERE doc_id = ? AND direction != 'delete'`, [docId]);
    // After the transaction: the files go once nothing names them.
    for (const blob of [existing.blob_name, existing.archive_blob_name]) if (blob) removals.push(blob);
    return undefined;
  }
  const content = values.get('content') as ContentValue | undefined;
  if (!content) return undefined;
  let seq = existing?.seq;
  if (seq === undefined || changed.has('content')) {
    const key = wrapped(host, keys, 'dockey', docId, 'content', content.blob);
    if (!key) return { docId, why: 'its document key did not come with it' };
    if (seq === undefined) {
      const twin = await tx.get<{ id: string }>('SELECT id FROM documents WHERE sha256 = ?', [content.sha256]);
      if (twin) return { docId, why: `the same file is already document ${twin.id}` };
      const str = (f: string) => (values.get(f) as string | null | undefined) ?? null;
      const named = async (f: string, table: 'document_types' | 'correspondents') =>
        str(f) === null ? null : namedId(tx, table, str(f)!);
      // One INSERT with every plain column: a clone writes thousands of these.
      seq = (
        await tx.run(
          `INSERT INTO documents (id, title, original_name, mime, size, sha256, created_at, added_at, modified_at, notes,
             type_id, correspondent_id, deleted_at, pinned_at, ai_excluded, blob_name, blob_key, key_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            docId,
            str('title') ?? content.name,
            content.name,
            content.mime,
            content.size,
            content.sha256,
            str('createdAt') ?? content.addedAt,
            content.addedAt,
            new Date().toISOString(),
            str('notes') ?? '',
            await named('type', 'document_types'),
            await named('correspondent', 'correspondents'),
            str('deletedAt'),
            str('pinnedAt'),
            values.get('aiExcluded') === true ? 1 : 0,
            content.blob,
            key.sealed,
            key.version,
          ],
        )
      ).lastID;
      changed.clear();
      for (const f of values.keys())
        if (f === 'pages' || f === 'thumb' || f === 'archive' || f.startsWith('tag.') || f.startsWith('cf.'))
          changed.add(f);
    } else {
      await tx.run(
        'UPDATE documents SET blob_name = ?, blob_key = ?, key_version = ?, original_name = ?, mime = ?, size = ?, sha256 = ? WHERE seq = ?',
        [content.blob, key.sealed, key.version, content.name, content.mime, content.size, content.sha256, seq],
      );
      if (existing && existing.blob_name !== content.blob) {
        removals.push(existing.blob_name);
        // Another device's copy of the same file won (or a re-encrypted one replaced it): this one's upload is moot.
        await queue(tx, existing.blob_name, 'delete', docId);
      }
    }
    if ((await host.blobSize(content.blob)) === undefined) await queue(tx, content.blob, 'down', docId);
  }
  await writeFields(tx, host, seq, docId, values, changed, keys, existing === undefined);
  await rebuildSearchRow(tx, seq);
  return undefined;
}

async function writeFields(
  tx: WriteDb,
  host: SyncHost,
  seq: number,
  docId: string,
  values: Map<string, unknown>,
  changed: Set<string>,
  keys: WireKeys,
  /** Inserted just now: no old pages to clear, modified_at already set. */
  isNew: boolean,
): Promise<void> {
  const set = (column: string, value: unknown) =>
    tx.run(`UPDATE documents SET ${column} = ? WHERE seq = ?`, [value as string | number | null, seq]);
  for (const field of changed) {
    const value = values.get(field);
    if (value === undefined) continue;
    if (field === 'title') await set('title', value);
    else if (field === 'notes') await set('notes', value);
    else if (field === 'createdAt') await set('created_at', value);
    else if (field === 'deletedAt') await set('deleted_at', value);
    else if (field === 'pinnedAt') await set('pinned_at', value);
    else if (field === 'aiExcluded') await set('ai_excluded', value === true ? 1 : 0);
    else if (field === 'type')
      await set('type_id', value === null ? null : await namedId(tx, 'document_types', value as string));
    else if (field === 'correspondent')
      await set('correspondent_id', value === null ? null : await namedId(tx, 'correspondents', value as string));
    else if (field === 'pages') {
      if (!isNew) await tx.run('DELETE FROM pages WHERE document_seq = ?', [seq]);
      for (const p of value as PageValue[])
        await tx.run('INSERT INTO pages (document_seq, page_no, text, confidence) VALUES (?, ?, ?, ?)', [
          seq,
          p.n,
          p.t,
          p.c,
        ]);
    } else if (field === 'thumb') {
      const thumb = value as { mime: string; data: string } | null;
      if (thumb)
        await tx.run(
          `INSERT INTO thumbnails (document_seq, mime, data) VALUES (?, ?, ?)
           ON CONFLICT (document_seq) DO UPDATE SET mime = excluded.mime, data = excluded.data`,
          [seq, thumb.mime, Buffer.from(thumb.data, 'base64')],
        );
      else await tx.run('DELETE FROM thumbnails WHERE document_seq = ?', [seq]);
    } else if (field === 'archive') {
      const archive = value as ArchiveValue | null;
      const key = archive ? wrapped(host, keys, 'archivekey', docId, 'archive', archive.blob) : undefined;
      if (archive && key) {
        await tx.run(
          'UPDATE documents SET archive_blob_name = ?, archive_blob_key = ?, archive_key_version = ? WHERE seq = ?',
          [archive.blob, key.sealed, key.version, seq],
        );
        if ((await host.blobSize(archive.blob)) === undefined) await queue(tx, archive.blob, 'down', docId);
      } else if (!archive) {
        await tx.run(
          'UPDATE documents SET archive_blob_name = NULL, archive_blob_key = NULL, archive_key_version = NULL WHERE seq = ?',
          [seq],
        );
      }
    } else if (field.startsWith('tag.')) {
      const tag = value as TagValue;
      if (tag.on)
        await tx.run('INSERT OR IGNORE INTO document_tags (document_seq, tag_id) VALUES (?, ?)', [
          seq,
          await namedId(tx, 'tags', tag.name),
        ]);
      else
        await tx.run(
          'DELETE FROM document_tags WHERE document_seq = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)',
          [seq, tag.name],
        );
    } else if (field.startsWith('cf.')) await writeCustom(tx, seq, value as CustomValue);
  }
  if (!isNew) await set('modified_at', new Date().toISOString());
}

async function writeCustom(tx: WriteDb, seq: number, custom: CustomValue): Promise<void> {
  await tx.run('INSERT INTO custom_fields (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [
    custom.name,
    custom.kind,
  ]);
  const field = await tx.get<{ id: number; kind: string }>('SELECT id, kind FROM custom_fields WHERE name = ?', [
    custom.name,
  ]);
  // A field defined with another kind on this device: the value stays in the merged state, not in the table.
  if (!field || field.kind !== custom.kind) return;
  if (custom.value === null)
    await tx.run('DELETE FROM document_custom_fields WHERE document_seq = ? AND field_id = ?', [seq, field.id]);
  else
    await tx.run(
      `INSERT INTO document_custom_fields (document_seq, field_id, value) VALUES (?, ?, ?)
       ON CONFLICT (document_seq, field_id) DO UPDATE SET value = excluded.value`,
      [seq, field.id, custom.value],
    );
}
