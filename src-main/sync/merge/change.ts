/**
 * A Change is one field of one record, as it travels between devices:
 * the unit the merge orders, applies or reports as a conflict.
 */
import { LockleafError } from '../../errors.js';
import { assertNotAhead, DEVICE_PATTERN, MAX_CLOCK_AHEAD_MS, parseHlc } from './hlc.js';

export interface Change {
  entity: string;
  id: string;
  field: string;
  /** JSON: what the field becomes (null clears it, e.g. a restore clears `deletedAt`). */
  value: unknown;
  hlc: string;
  /** The HLC of the value this edit replaced, as its author saw it; null when the author saw none. */
  prev: string | null;
}

/** Trash state is a field like any other: a timestamp while in the trash, null once restored. */
export const DELETED_FIELD = 'deletedAt';
/** The purge tombstone: once present, it wins over every other field of its record, forever. */
export const PURGED_FIELD = 'purgedAt';

const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
/** Names that mean something to a JS object: refused, so no record or lookup keyed by a name can be subverted. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface ChangeCheckOptions {
  /** This device's clock in ms (default Date.now()): a stamp more than `maxAheadMs` past it is refused. */
  now?: number;
  maxAheadMs?: number;
}

/** The state key of a change's field. Names exclude '/', so the key splits back unambiguously. */
export function fieldKey(entity: string, id: string, field: string): string {
  return `${entity}/${id}/${field}`;
}

export function recordKey(entity: string, id: string): string {
  return `${entity}/${id}/`;
}

/**
 * Refuses a change that could not have come from a correct device. Such a
 * change arrived authenticated, so it is a bug or a hostile member: named
 * (SYNC_CHANGE_INVALID) so the engine can stop and say which device sent it.
 *
 * `author` is the deviceId of the device whose signed segment carried the
 * change (this device's own id for a local edit). The stamp must name that
 * device: a stamp is one device's claim, so another device cannot reuse it
 * with a different value (which would make devices keep different values and
 * stop on the duplicate) or borrow a higher device id to win a tie.
 *
 * A stamp more than a year ahead of `now` is refused (SYNC_CLOCK_AHEAD), the
 * rule HybridClock.receive applies, so it holds whichever the engine calls
 * first. The limit is measured against each device's own clock.
 */
export function assertChange(change: Change, author: string, options: ChangeCheckOptions = {}): void {
  if (typeof author !== 'string' || !DEVICE_PATTERN.test(author))
    throw new Error('The author of a change must be a deviceId (32 lowercase hex characters)');
  const bad = (why: string): never => {
    throw new LockleafError('SYNC_CHANGE_INVALID', `A synced change is invalid: ${why}.`, { device: author });
  };
  if (typeof change !== 'object' || change === null) bad('not an object');
  for (const name of ['entity', 'id', 'field'] as const) {
    const value = change[name];
    if (typeof value !== 'string' || !NAME.test(value) || RESERVED_NAMES.has(value))
      bad(`its ${name} is not a plain name`);
  }
  const stamp = parseHlc(change.hlc);
  if (stamp.deviceId !== author) bad('its clock stamp names another device than the one that sent it');
  assertNotAhead(stamp, Math.floor(options.now ?? Date.now()), options.maxAheadMs ?? MAX_CLOCK_AHEAD_MS);
  if (change.prev !== null) {
    parseHlc(change.prev);
    if (change.prev >= change.hlc) bad('it replaces a value newer than itself');
  }
  if (change.value === undefined) bad('it has no value');
  if (change.field === PURGED_FIELD && change.value === null) bad('a purge cannot be undone');
}
