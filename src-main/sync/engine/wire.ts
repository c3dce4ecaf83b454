/**
 * Changes as they travel: the same as in the merged state, except that a
 * document's `content` and `archive` carry the document key (base64) so the
 * receiving device can open the blob. Keys exist in this form only inside
 * sealed segments and snapshots and in memory during a round.
 */
import type { ReadDb } from '../../vault/db/connection.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { DOC } from './doc-record.js';
import type { WireKeys } from './materialize.js';

const KEYED = new Set(['content', 'archive']);

/** Adds the document key to a content/archive change; a change whose document is gone here travels without one. */
export async function toWire(db: ReadDb, host: SyncHost, change: Change): Promise<Change> {
  if (change.entity !== DOC || !KEYED.has(change.field) || change.value === null) return change;
  const archive = change.field === 'archive';
  const row = await db.get<{ blob: string | null; key: Buffer | null; version: number | null }>(
    archive
      ? 'SELECT archive_blob_name AS blob, archive_blob_key AS key, archive_key_version AS version FROM documents WHERE id = ?'
      : 'SELECT blob_name AS blob, blob_key AS key, key_version AS version FROM documents WHERE id = ?',
    [change.id],
  );
  const value = change.value as { blob: string };
  if (!row?.key || row.version === null || row.blob !== value.blob) return change;
  const key = host.openDocKey(archive ? 'archivekey' : 'dockey', change.id, row.version, row.key);
  try {
    return { ...change, value: { ...value, key: key.toString('base64') } };
  } finally {
    key.fill(0);
  }
}

export const wireKeyOf = (docId: string, field: string, blob: string) => `${docId}/${field}/${blob}`;

/** Takes the key out of a received change (into `keys`), so the merged state never holds one. */
export function fromWire(change: Change, keys: WireKeys): Change {
  if (change.entity !== DOC || !KEYED.has(change.field) || change.value === null || typeof change.value !== 'object')
    return change;
  const { key, ...rest } = change.value as { key?: unknown; blob?: unknown };
  // By blob, not by document: two copies of one file (added on two devices) each bring their own key.
  if (typeof key === 'string' && typeof rest.blob === 'string') {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length === 32) keys.set(wireKeyOf(change.id, change.field, rest.blob), bytes);
  }
  return { ...change, value: rest };
}
