/**
 * Change capture: turns what changed locally into changes. Triggers (migration
 * 010) mark every record a local write touched in `sync_dirty`; capture reads
 * each such record from the vault's tables, compares it field by field with
 * the merged state, and records a change (stamped by this device's clock,
 * `prev` = the stamp of the value it replaces) for every field that differs.
 * Diffing the tables rather than hooking each write path means no write —
 * CLI, window, ingest, import — can forget to tell sync.
 */
import { isDeepStrictEqual } from 'node:util';
import type { WriteDb } from '../../vault/db/connection.js';
import { type Change, DELETED_FIELD, fieldKey, PURGED_FIELD } from '../merge/change.js';
import type { HybridClock } from '../merge/hlc.js';
import { absentValue, type ArchiveValue, type ContentValue, DOC, isIngesting, readDocFields } from './doc-record.js';
import { AUDIT, readAuditFields } from './audit-records.js';
import { readSettingFields, readViewFields, SETTING, VIEW } from './other-records.js';
import { loadRecord, saveRecord } from './state-table.js';

export interface CaptureResult {
  changes: number;
  /** Records left dirty because they are still being read (ingest). */
  waiting: number;
}

/** Captures up to `limit` dirty records inside `tx`; call again while it returns `changes` > 0 or more are dirty. */
export async function captureDirty(tx: WriteDb, clock: HybridClock, limit = 500): Promise<CaptureResult> {
  // Documents still being read are left for later, in the query itself: a page of only those would stop the caller.
  const dirty = await tx.all<{ entity: string; rid: string }>(
    `SELECT d.entity, d.rid FROM sync_dirty d
     WHERE NOT (d.entity = 'doc' AND EXISTS (
       SELECT 1 FROM documents x JOIN ingest_jobs j ON j.document_seq = x.seq
       WHERE x.id = d.rid AND j.state NOT IN ('done', 'failed', 'cancelled')))
     LIMIT ?`,
    [limit],
  );
  let changes = 0;
  let waiting = 0;
  for (const { entity, rid } of dirty) {
    const local = await readLocal(tx, entity, rid);
    if (local === 'wait') {
      waiting++;
      continue;
    }
    await tx.run('DELETE FROM sync_dirty WHERE entity = ? AND rid = ?', [entity, rid]);
    const before = await loadRecord(tx, entity, rid);
    if (before.has(fieldKey(entity, rid, PURGED_FIELD))) continue;
    const emitted = diff(entity, rid, before, local, clock);
    if (emitted.length === 0) continue;
    const after = new Map(before);
    for (const change of emitted) {
      if (change.field === PURGED_FIELD) for (const k of [...after.keys()]) after.delete(k);
      after.set(fieldKey(entity, rid, change.field), change);
      await tx.run('INSERT INTO sync_pending (change) VALUES (?)', [JSON.stringify(change)]);
    }
    await saveRecord(tx, before, after);
    if (entity === DOC) await queueBlobs(tx, rid, before, emitted);
    changes += emitted.length;
  }
  if (changes > 0) await tx.run('UPDATE sync_config SET hlc_last = ?', [clock.last]);
  return { changes, waiting };
}

async function readLocal(tx: WriteDb, entity: string, rid: string): Promise<Map<string, unknown> | undefined | 'wait'> {
  if (entity === AUDIT) {
    const own = (await tx.get<{ device_id: string }>('SELECT device_id FROM sync_config'))!.device_id;
    return readAuditFields(tx, rid, own);
  }
  if (entity === VIEW) return readViewFields(tx);
  if (entity === SETTING) return readSettingFields(tx);
  if (entity !== DOC) return undefined;
  const doc = await readDocFields(tx, rid);
  if (doc && (await isIngesting(tx, doc.row.seq))) return 'wait';
  return doc?.fields;
}

function diff(
  entity: string,
  rid: string,
  before: Map<string, Change>,
  local: Map<string, unknown> | undefined,
  clock: HybridClock,
): Change[] {
  const make = (field: string, value: unknown, prev: string | null): Change => ({
    entity,
    id: rid,
    field,
    value,
    hlc: clock.next(),
    prev,
  });
  if (local === undefined && entity === AUDIT) return [];
  if (local === undefined) {
    // A document gone from the tables was purged here: a tombstone, if other devices know it at all.
    if (before.size === 0 || entity !== DOC) return [];
    const trash = before.get(fieldKey(entity, rid, DELETED_FIELD));
    return [make(PURGED_FIELD, new Date().toISOString(), trash?.hlc ?? null)];
  }
  const out: Change[] = [];
  for (const [field, value] of local) {
    const stored = before.get(fieldKey(entity, rid, field));
    if (!stored || !isDeepStrictEqual(stored.value, value)) out.push(make(field, value, stored?.hlc ?? null));
  }
  for (const stored of before.values()) {
    if (local.has(stored.field)) continue;
    const gone = entity === VIEW ? null : absentValue(stored.field, stored.value);
    if (gone !== undefined && !isDeepStrictEqual(gone, stored.value)) out.push(make(stored.field, gone, stored.hlc));
  }
  return out;
}

/** A new or replaced blob goes up (before the segment that names it); a replaced one's remote copy is deleted after. */
async function queueBlobs(tx: WriteDb, docId: string, before: Map<string, Change>, emitted: Change[]): Promise<void> {
  for (const change of emitted) {
    if (change.field !== 'content' && change.field !== 'archive') continue;
    const next = change.value as ContentValue | ArchiveValue | null;
    const old = before.get(fieldKey(DOC, docId, change.field))?.value as ContentValue | ArchiveValue | null | undefined;
    if (next) await queue(tx, next.blob, 'up', docId);
    if (old && old.blob !== next?.blob) await queue(tx, old.blob, 'delete', docId);
  }
  const purge = emitted.find((c) => c.field === PURGED_FIELD);
  if (purge) {
    for (const field of ['content', 'archive']) {
      const old = before.get(fieldKey(DOC, docId, field))?.value as ContentValue | ArchiveValue | null | undefined;
      if (old) await queue(tx, old.blob, 'delete', docId);
    }
  }
}

export async function queue(
  tx: WriteDb,
  blob: string,
  direction: 'up' | 'down' | 'delete',
  docId: string,
): Promise<void> {
  await tx.run(
    `INSERT INTO sync_blobs (blob_name, direction, doc_id) VALUES (?, ?, ?)
     ON CONFLICT (blob_name) DO UPDATE SET direction = excluded.direction, doc_id = excluded.doc_id, attempts = 0, error = NULL`,
    [blob, direction, docId],
  );
}
