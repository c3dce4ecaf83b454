/**
 * Per-field last-writer-wins, as a pure in-memory model: the rule the sync
 * engine applies to the vault's tables. State maps `entity/id/field` to the
 * winning Change. The result depends only on the set of changes applied, never
 * on their order or repetition, so devices that have exchanged everything hold
 * the same state.
 *
 * - Winner: the higher HLC. Different fields never compete.
 * - Conflict note: two edits of one field were concurrent when the newer one's
 *   author had not seen the older (`newer.prev !== older.hlc`), and their values
 *   differ. The loser — incoming or stored — is returned so the engine can keep
 *   it visible (history, a note on the document). An edit made on top of what
 *   its author saw (`prev` = that value's HLC) replaces it with no note.
 * - Trash is the field `deletedAt` (a time, or null once restored): trash and
 *   restore merge like any field.
 * - Purge is the tombstone field `purgedAt`. It wins over every field of its
 *   record whatever the HLCs: the record's other fields are dropped, and any
 *   later change to the record is stale, so a purged id never comes back (the
 *   document key and blob are destroyed everywhere; nothing could be restored).
 *   A purge's `prev` is the HLC of the `deletedAt` value its author purged.
 *   Restore racing purge: purge wins on every device, in either order, and a
 *   restore its author had not seen (restore HLC > purge's prev) is reported
 *   as a conflict `{ field: 'deletedAt', kept: purge, lost: restore }`.
 *
 * Only the winner is kept per field, so notes are exact when changes arrive
 * with each after the value it replaced — the engine applies a sync round in
 * HLC order, which gives that. Out of that order, a value its successor had
 * knowingly replaced may still be reported (harmless: it is history); a value
 * lost to a concurrent edit is reported in every order.
 */
import { isDeepStrictEqual } from 'node:util';
import { LockleafError } from '../../errors.js';
import { assertChange, type Change, DELETED_FIELD, fieldKey, PURGED_FIELD, recordKey } from './change.js';

export type LwwState = ReadonlyMap<string, Change>;

export interface Conflict {
  field: string;
  kept: Change;
  lost: Change;
}

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

export interface ApplyResult {
  state: LwwState;
  outcome: ApplyOutcome;
  conflict?: Conflict;
}

export function emptyState(): LwwState {
  return new Map();
}

export function isPurged(state: LwwState, entity: string, id: string): boolean {
  return state.has(fieldKey(entity, id, PURGED_FIELD));
}

/**
 * The current values of one record's fields (undefined if it has none), as an
 * object with no prototype: a field name can never reach Object.prototype,
 * even from a state loaded without going through `assertChange`.
 */
export function readRecord(state: LwwState, entity: string, id: string): Record<string, unknown> | undefined {
  const prefix = recordKey(entity, id);
  let record: Record<string, unknown> | undefined;
  for (const [key, change] of state) {
    if (key.startsWith(prefix))
      (record ??= Object.create(null) as Record<string, unknown>)[change.field] = change.value;
  }
  return record;
}

export function applyChange(state: LwwState, change: Change): ApplyResult {
  assertChange(change);
  const tomb = state.get(fieldKey(change.entity, change.id, PURGED_FIELD));
  if (change.field === PURGED_FIELD) return applyPurge(state, change, tomb);
  if (tomb) {
    // The record is gone for good; only a restore its purger never saw is worth telling the user about.
    const conflict = isUnseenRestore(change, tomb) ? { field: DELETED_FIELD, kept: tomb, lost: change } : undefined;
    return { state, outcome: 'stale', ...(conflict ? { conflict } : {}) };
  }
  const key = fieldKey(change.entity, change.id, change.field);
  const stored = state.get(key);
  if (!stored) return { state: withEntry(state, key, change), outcome: 'applied' };
  if (stored.hlc === change.hlc) return duplicate(state, stored, change);
  if (change.hlc > stored.hlc) {
    const conflict = concurrent(change, stored);
    return { state: withEntry(state, key, change), outcome: 'applied', ...(conflict ? { conflict } : {}) };
  }
  const conflict = concurrent(stored, change);
  return { state, outcome: 'stale', ...(conflict ? { conflict } : {}) };
}

/** Applies changes in order; returns the final state and every conflict reported on the way. */
export function applyChanges(state: LwwState, changes: Iterable<Change>): { state: LwwState; conflicts: Conflict[] } {
  const conflicts: Conflict[] = [];
  for (const change of changes) {
    const result = applyChange(state, change);
    state = result.state;
    if (result.conflict) conflicts.push(result.conflict);
  }
  return { state, conflicts };
}

function applyPurge(state: LwwState, purge: Change, tomb: Change | undefined): ApplyResult {
  const key = fieldKey(purge.entity, purge.id, PURGED_FIELD);
  if (tomb) {
    // Two devices purged the same record: the same intent, no note; the higher stamp stays so every device agrees.
    if (tomb.hlc === purge.hlc) return duplicate(state, tomb, purge);
    return purge.hlc > tomb.hlc
      ? { state: withEntry(state, key, purge), outcome: 'applied' }
      : { state, outcome: 'stale' };
  }
  const trash = state.get(fieldKey(purge.entity, purge.id, DELETED_FIELD));
  const conflict =
    trash && isUnseenRestore(trash, purge) ? { field: DELETED_FIELD, kept: purge, lost: trash } : undefined;
  const next = new Map(state);
  const prefix = recordKey(purge.entity, purge.id);
  for (const k of state.keys()) if (k.startsWith(prefix)) next.delete(k);
  next.set(key, purge);
  return { state: next, outcome: 'applied', ...(conflict ? { conflict } : {}) };
}

function isUnseenRestore(change: Change, purge: Change): boolean {
  return change.field === DELETED_FIELD && change.value === null && (purge.prev === null || change.hlc > purge.prev);
}

function concurrent(newer: Change, older: Change): Conflict | undefined {
  if (newer.prev === older.hlc || isDeepStrictEqual(newer.value, older.value)) return undefined;
  return { field: newer.field, kept: newer, lost: older };
}

function duplicate(state: LwwState, stored: Change, change: Change): ApplyResult {
  // One stamp names one edit of one field: the same stamp with another value is a broken or lying device.
  if (stored.prev !== change.prev || !isDeepStrictEqual(stored.value, change.value)) {
    throw new LockleafError('SYNC_CHANGE_INVALID', 'Two different synced changes carry the same clock stamp.', {
      entity: change.entity,
      field: change.field,
    });
  }
  return { state, outcome: 'duplicate' };
}

function withEntry(state: LwwState, key: string, change: Change): LwwState {
  const next = new Map(state);
  next.set(key, change);
  return next;
}
