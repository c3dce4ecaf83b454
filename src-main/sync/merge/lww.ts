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
 *
 * Every change is applied with its author, the device whose signed segment
 * carried it (see `assertChange`). A snapshot carries other devices' changes
 * under its writer's signature: the engine that loads one vouches for them by
 * passing each stamp's own deviceId as author, trusting the snapshot's writer.
 */
import { isDeepStrictEqual } from 'node:util';
import { LockleafError } from '../../errors.js';
import {
  assertChange,
  type Change,
  type ChangeCheckOptions,
  DELETED_FIELD,
  fieldKey,
  PURGED_FIELD,
  recordKey,
} from './change.js';

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

/** A change with the deviceId of the device whose signed segment carried it. */
export interface AuthoredChange {
  author: string;
  change: Change;
}

/** `now` (default Date.now()) is this device's clock, read once per call. */
export type ApplyOptions = ChangeCheckOptions;

/** What applying a change would do, decided without touching the state. */
interface Decision {
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

/** Pure: returns a new state if the change wins, the same state object otherwise. */
export function applyChange(state: LwwState, change: Change, author: string, options: ApplyOptions = {}): ApplyResult {
  assertChange(change, author, withNow(options));
  const decision = decide(state, change, author);
  if (decision.outcome !== 'applied') return { state, ...decision };
  const next = new Map(state);
  commit(next, change);
  return { state: next, ...decision };
}

/**
 * Applies changes in order; returns the final state and every conflict
 * reported on the way. The state is copied once per batch, not per change; if
 * a change is refused, the error is thrown and the given state is untouched.
 */
export function applyChanges(
  state: LwwState,
  changes: Iterable<AuthoredChange>,
  options: ApplyOptions = {},
): { state: LwwState; conflicts: Conflict[] } {
  const checks = withNow(options);
  const conflicts: Conflict[] = [];
  let working: Map<string, Change> | undefined;
  for (const { author, change } of changes) {
    assertChange(change, author, checks);
    const decision = decide(working ?? state, change, author);
    if (decision.conflict) conflicts.push(decision.conflict);
    if (decision.outcome === 'applied') commit((working ??= new Map(state)), change);
  }
  return { state: working ?? state, conflicts };
}

function withNow(options: ApplyOptions): ApplyOptions {
  return { ...options, now: options.now ?? Date.now() };
}

function decide(state: LwwState, change: Change, author: string): Decision {
  const tomb = state.get(fieldKey(change.entity, change.id, PURGED_FIELD));
  if (change.field === PURGED_FIELD) return decidePurge(state, change, tomb, author);
  if (tomb) {
    // The record is gone for good; only a restore its purger never saw is worth telling the user about.
    const conflict = isUnseenRestore(change, tomb) ? { field: DELETED_FIELD, kept: tomb, lost: change } : undefined;
    return { outcome: 'stale', ...(conflict ? { conflict } : {}) };
  }
  const stored = state.get(fieldKey(change.entity, change.id, change.field));
  if (!stored) return { outcome: 'applied' };
  if (stored.hlc === change.hlc) return duplicate(stored, change, author);
  const conflict = change.hlc > stored.hlc ? concurrent(change, stored) : concurrent(stored, change);
  return { outcome: change.hlc > stored.hlc ? 'applied' : 'stale', ...(conflict ? { conflict } : {}) };
}

function decidePurge(state: LwwState, purge: Change, tomb: Change | undefined, author: string): Decision {
  if (tomb) {
    // Two devices purged the same record: the same intent, no note; the higher stamp stays so every device agrees.
    if (tomb.hlc === purge.hlc) return duplicate(tomb, purge, author);
    return { outcome: purge.hlc > tomb.hlc ? 'applied' : 'stale' };
  }
  const trash = state.get(fieldKey(purge.entity, purge.id, DELETED_FIELD));
  const conflict =
    trash && isUnseenRestore(trash, purge) ? { field: DELETED_FIELD, kept: purge, lost: trash } : undefined;
  return { outcome: 'applied', ...(conflict ? { conflict } : {}) };
}

/** Stores a winning change; a purge also drops the rest of its record (a later purge finds only the tombstone). */
function commit(target: Map<string, Change>, change: Change): void {
  if (change.field === PURGED_FIELD) {
    const prefix = recordKey(change.entity, change.id);
    for (const k of [...target.keys()]) if (k.startsWith(prefix)) target.delete(k);
  }
  target.set(fieldKey(change.entity, change.id, change.field), change);
}

function isUnseenRestore(change: Change, purge: Change): boolean {
  return change.field === DELETED_FIELD && change.value === null && (purge.prev === null || change.hlc > purge.prev);
}

function concurrent(newer: Change, older: Change): Conflict | undefined {
  if (newer.prev === older.hlc || isDeepStrictEqual(newer.value, older.value)) return undefined;
  return { field: newer.field, kept: newer, lost: older };
}

function duplicate(stored: Change, change: Change, author: string): Decision {
  // One stamp names one edit of one field, and (assertChange) only its own device may send it: the same
  // stamp with another value is that device broken or lying, and the engine must stop and name it.
  if (stored.prev !== change.prev || !isDeepStrictEqual(stored.value, change.value)) {
    throw new LockleafError('SYNC_CHANGE_INVALID', 'Two different synced changes carry the same clock stamp.', {
      entity: change.entity,
      field: change.field,
      device: author,
    });
  }
  return { outcome: 'duplicate' };
}
