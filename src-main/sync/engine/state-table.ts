/**
 * The merged state in the vault: the winning change of every synced field
 * (table sync_state), read record by record into the pure LWW model
 * (merge/lww.ts) and written back. A purged record keeps only its tombstone.
 */
import type { ReadDb, WriteDb } from '../../vault/db/connection.js';
import { type Change, fieldKey, PURGED_FIELD } from '../merge/change.js';
import type { LwwState } from '../merge/lww.js';

interface Row {
  entity: string;
  rid: string;
  field: string;
  value: string;
  hlc: string;
  prev: string | null;
}

const toChange = (r: Row): Change => ({
  entity: r.entity,
  id: r.rid,
  field: r.field,
  value: JSON.parse(r.value) as unknown,
  hlc: r.hlc,
  prev: r.prev,
});

/** One record's winning changes, keyed as the LWW model keys them. */
export async function loadRecord(db: ReadDb, entity: string, id: string): Promise<Map<string, Change>> {
  const rows = await db.all<Row>('SELECT * FROM sync_state WHERE entity = ? AND rid = ?', [entity, id]);
  return new Map(rows.map((r) => [fieldKey(r.entity, r.rid, r.field), toChange(r)]));
}

/** Several records at once (by `entity/id`), a few hundred per query. */
export async function loadRecords(db: ReadDb, changes: readonly Change[]): Promise<Map<string, Map<string, Change>>> {
  const byEntity = new Map<string, Set<string>>();
  for (const c of changes) (byEntity.get(c.entity) ?? byEntity.set(c.entity, new Set()).get(c.entity)!).add(c.id);
  const out = new Map<string, Map<string, Change>>();
  for (const [entity, ids] of byEntity) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const rows = await db.all<Row>(
        `SELECT * FROM sync_state WHERE entity = ? AND rid IN (${chunk.map(() => '?').join(',')})`,
        [entity, ...chunk],
      );
      for (const r of rows) {
        const rk = `${r.entity}/${r.rid}`;
        (out.get(rk) ?? out.set(rk, new Map()).get(rk)!).set(fieldKey(r.entity, r.rid, r.field), toChange(r));
      }
    }
  }
  return out;
}

/** The record's current values by field. */
export function valuesOf(state: LwwState): Map<string, unknown> {
  return new Map([...state.values()].map((c) => [c.field, c.value]));
}

/** Writes a record's state after a merge: the winners that changed (one statement), and a purge drops the rest. */
export async function saveRecord(tx: WriteDb, before: LwwState, after: LwwState): Promise<void> {
  const rows: Change[] = [];
  for (const [key, change] of after) {
    if (before.get(key) === change) continue;
    if (change.field === PURGED_FIELD)
      await tx.run('DELETE FROM sync_state WHERE entity = ? AND rid = ? AND field != ?', [
        change.entity,
        change.id,
        PURGED_FIELD,
      ]);
    rows.push(change);
  }
  // SQLite's default limit is 32,766 parameters: 6 per row, a record has far fewer fields than that allows.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await tx.run(
      `INSERT INTO sync_state (entity, rid, field, value, hlc, prev) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (entity, rid, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, prev = excluded.prev`,
      chunk.flatMap((c) => [c.entity, c.id, c.field, JSON.stringify(c.value), c.hlc, c.prev]),
    );
  }
}

/** Every winning change in key order, in pages of `limit` rows, from key `from` (inclusive) to `to` (exclusive). */
export async function* allChanges(
  db: ReadDb,
  limit = 2000,
  from: [string, string, string] = ['', '', ''],
  to?: [string, string, string],
): AsyncGenerator<Change[]> {
  let bound: [string, string, string] = from;
  let op = '>=';
  for (;;) {
    const rows = await db.all<Row>(
      `SELECT * FROM sync_state WHERE (entity, rid, field) ${op} (?, ?, ?)
       ${to ? 'AND (entity, rid, field) < (?, ?, ?)' : ''} ORDER BY entity, rid, field LIMIT ?`,
      [...bound, ...(to ?? []), limit],
    );
    if (rows.length === 0) return;
    yield rows.map(toChange);
    const last = rows[rows.length - 1]!;
    bound = [last.entity, last.rid, last.field];
    op = '>';
  }
}
