/**
 * Apply: merges a batch of changes from other devices into the vault, in one
 * transaction with the chain heads that vouch for them, so the vault and what
 * it has seen never disagree. Local edits made since the last capture are
 * captured first in the same transaction (so they are stamped before, and
 * never overwritten unseen). Changes go in stamp order; a refused change
 * (SYNC_CHANGE_INVALID, SYNC_CLOCK_AHEAD) throws and nothing is applied.
 */
import type { WriteDb } from '../../vault/db/connection.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { compareHlc, type HybridClock } from '../merge/hlc.js';
import { applyChange, type AuthoredChange, type Conflict } from '../merge/lww.js';
import type { ChainState } from '../log/verifier.js';
import { applyAuditRecord, AUDIT } from './audit-records.js';
import { captureDirty } from './capture.js';
import { DOC } from './doc-record.js';
import { forgetNamedIds, materializeDoc, type MaterializeIssue, type WireKeys } from './materialize.js';
import { applySettingFields, applyViewFields, SETTING, VIEW } from './other-records.js';
import { loadRecords, saveRecord, valuesOf } from './state-table.js';
import { writable } from './field-values.js';
import { fromWire } from './wire.js';

export interface ApplyReport {
  applied: number;
  conflicts: number;
  issues: MaterializeIssue[];
  /** Blob files no row names any more, to remove after the commit. */
  removals: string[];
}

export interface ApplyBatch {
  changes: AuthoredChange[];
  /** The chain state to persist with them (other devices' heads). */
  chain: ChainState;
  now?: number;
  /** Each record in its own savepoint (see below). */
  isolate?: boolean;
}

export async function applyBatch(
  tx: WriteDb,
  host: SyncHost,
  clock: HybridClock,
  batch: ApplyBatch,
): Promise<ApplyReport> {
  forgetNamedIds(tx);
  while ((await captureDirty(tx, clock)).changes > 0);
  const dirtyBefore = new Set(
    (await tx.all<{ entity: string; rid: string }>('SELECT entity, rid FROM sync_dirty')).map(
      (r) => `${r.entity}/${r.rid}`,
    ),
  );
  const keys: WireKeys = new Map();
  const ordered = batch.changes
    .map((c) => ({ author: c.author, change: fromWire(c.change, keys) }))
    .sort((a, b) => compareHlc(a.change.hlc, b.change.hlc));
  const records = new Map<
    string,
    { before: Map<string, Change>; state: ReadonlyMap<string, Change>; changed: Set<string>; author: string }
  >();
  const conflicts: Conflict[] = [];
  let applied = 0;
  const now = batch.now ?? Date.now();
  // Every record the batch touches, read in a few queries rather than one each (a clone applies thousands).
  const loaded = await loadRecords(
    tx,
    ordered.map((c) => c.change),
  );
  for (const { author, change } of ordered) {
    const rk = `${change.entity}/${change.id}`;
    let record = records.get(rk);
    if (!record) {
      const before = loaded.get(rk) ?? new Map<string, Change>();
      record = { before, state: before, changed: new Set(), author };
      records.set(rk, record);
    }
    const result = applyChange(record.state, change, author, { now });
    clock.receive(change.hlc);
    if (result.conflict) conflicts.push(result.conflict);
    if (result.outcome !== 'applied') continue;
    record.state = result.state;
    record.changed.add(change.field);
    applied++;
  }
  const issues: MaterializeIssue[] = [];
  const removals: string[] = [];
  for (const [rk, record] of records) {
    if (record.changed.size === 0) continue;
    await saveRecord(tx, record.before, record.state);
    const [entity, id] = [rk.slice(0, rk.indexOf('/')), rk.slice(rk.indexOf('/') + 1)];
    const values = valuesOf(record.state);
    // A value this version cannot write stays in the merged state (it still travels), out of the tables.
    for (const [field, value] of values) {
      if (writable(entity, field, value)) continue;
      values.delete(field);
      if (record.changed.delete(field))
        issues.push({ docId: id, why: `its field "${field}" holds a value this version of Lockleaf cannot use` });
    }
    // With `isolate`, each record in a savepoint: a value the tables refuse (a constraint) costs that record,
    // not the batch. The engine runs a batch without them first (two statements less per record) and again
    // with them only if the tables refused something.
    if (batch.isolate) await tx.exec('SAVEPOINT sync_record');
    const released: string[] = [];
    try {
      if (entity === DOC) {
        const issue = await materializeDoc(tx, host, id, values, record.changed, keys, released);
        if (issue) issues.push(issue);
      } else if (entity === VIEW) await applyViewFields(tx, values, record.changed);
      else if (entity === SETTING) await applySettingFields(tx, values, record.changed);
      else if (entity === AUDIT) await applyAuditRecord(tx, id, values, record.author, clock.deviceId);
      if (batch.isolate) await tx.exec('RELEASE sync_record');
      removals.push(...released);
    } catch (error) {
      if (!batch.isolate || !/SQLITE_CONSTRAINT/.test(String(error))) throw error;
      await tx.exec('ROLLBACK TO sync_record');
      forgetNamedIds(tx);
      await tx.exec('RELEASE sync_record');
      issues.push({ docId: id, why: `this vault refused it (${String(error).replace(/^Error: /, '')})` });
    }
    // Writing the tables fired the capture triggers: those records are not local edits.
    if (dirtyBefore.size > 0 && !dirtyBefore.has(rk))
      await tx.run('DELETE FROM sync_dirty WHERE entity = ? AND rid = ?', [entity, id]);
  }
  if (dirtyBefore.size === 0) await tx.run('DELETE FROM sync_dirty');
  for (const key of keys.values()) key.fill(0);
  for (const c of conflicts) {
    await tx.run('INSERT INTO sync_conflicts (entity, rid, field, kept, lost, at) VALUES (?, ?, ?, ?, ?, ?)', [
      c.kept.entity,
      c.kept.id,
      c.field,
      JSON.stringify(conflictValue(c.kept)),
      JSON.stringify(conflictValue(c.lost)),
      new Date().toISOString(),
    ]);
  }
  await tx.run('UPDATE sync_config SET chain = ?, hlc_last = ?', [JSON.stringify(batch.chain), clock.last]);
  return { applied, conflicts: conflicts.length, issues, removals };
}

/** What a conflict note keeps of a value: who wrote it, when, and the value (pages and thumbnails are shortened). */
function conflictValue(change: Change): { hlc: string; value: unknown } {
  const big = change.field === 'pages' || change.field === 'thumb';
  return { hlc: change.hlc, value: big ? `(${change.field})` : change.value };
}

/** A batch in one transaction of `write`; if the tables refused a value, once more with each record isolated. */
export async function applyInTransaction(host: SyncHost, clock: HybridClock, batch: ApplyBatch): Promise<ApplyReport> {
  try {
    return await host.write((tx) => applyBatch(tx, host, clock, batch));
  } catch (error) {
    if (!/SQLITE_CONSTRAINT/.test(String(error))) throw error;
    return host.write((tx) => applyBatch(tx, host, clock, { ...batch, isolate: true }));
  }
}
