/**
 * A change-log segment: one device's changes, number `seq` in its chain,
 * linked to the one before by `prevHash` (the SHA-256 of that whole sealed
 * object; the first segment links to ZERO_HASH). Written once with a
 * conditional create, never changed.
 */
import type { KeyObject } from 'node:crypto';
import { LockleafError } from '../../errors.js';
import type { Change } from '../merge/change.js';
import { assertDeviceId, assertSeq, MAX_SEQ, segmentName } from './names.js';
import { openObject, sealObject, type OpenContext, type SealedObject } from './sealed-object.js';
import type { ChainLink } from './verifier.js';

export interface SegmentInput {
  vaultId: string;
  deviceId: string;
  nameKey: Uint8Array;
  seq: number;
  prevHash: string;
  epoch: number;
  contentKey: Uint8Array;
  signingKey: KeyObject;
  changes: Change[];
}

/** Only `openSegment` makes one, so the verifier is only ever fed a segment that was opened and checked. */
export interface OpenedSegment extends ChainLink {
  /** The name it was read from, proved to be its own. */
  name: string;
  deviceId: string;
  seq: number;
  prevHash: string;
  epoch: number;
  changes: Change[];
  hash: string;
}

/** `name`: the key the bytes were read from; `deviceId`: the device whose prefix it is under. */
export type SegmentOpenOptions = OpenContext;

/**
 * Why a change list does not have the shape of one, or undefined.
 *
 * Decision: the log checks the shape only. The merge's `assertChange` (plain
 * names, stamps by the author, not too far ahead of this clock) runs when the
 * engine applies a change: its clock rule depends on this device's time and
 * gets its own code (SYNC_CLOCK_AHEAD), so it must not turn into "tampered".
 */
function invalidChanges(changes: unknown): string | undefined {
  if (!Array.isArray(changes)) return 'the changes are not a list';
  for (const [i, c] of changes.entries()) {
    const change = c as Partial<Change> | null;
    const shaped =
      typeof change === 'object' &&
      change !== null &&
      !Array.isArray(change) &&
      typeof change.entity === 'string' &&
      typeof change.id === 'string' &&
      typeof change.field === 'string' &&
      typeof change.hlc === 'string' &&
      (change.prev === null || typeof change.prev === 'string') &&
      change.value !== undefined;
    if (!shaped) return `change ${i} is not a change`;
  }
  return undefined;
}

export function sealSegment(input: SegmentInput): SealedObject {
  assertDeviceId(input.deviceId);
  assertSeq(input.seq);
  // Never write what every reader would refuse.
  const invalid = invalidChanges(input.changes);
  if (invalid) throw new Error(`cannot seal a segment: ${invalid}`);
  return sealObject({
    ...input,
    kind: 'segment',
    name: segmentName(input.nameKey, input.deviceId, input.seq),
    part: 0,
    parts: 1,
    payload: { changes: input.changes },
  });
}

export function openSegment(bytes: Uint8Array, options: SegmentOpenOptions): OpenedSegment {
  assertDeviceId(options.deviceId);
  const opened = openObject(bytes, 'segment', options, (h) =>
    h.seq >= 1 && h.seq <= MAX_SEQ && h.epoch >= 1 && h.part === 0 && h.parts === 1
      ? segmentName(options.nameKey, options.deviceId, h.seq)
      : undefined,
  );
  const payload = opened.payload as { changes?: unknown } | null;
  // Signed by a member, so authentic, but not necessarily well formed: refused before anyone applies it.
  const invalid = payload && typeof payload === 'object' ? invalidChanges(payload.changes) : 'no change list';
  if (invalid !== undefined)
    throw new LockleafError('SYNC_TAMPERED', 'A change-log segment holds damaged content. Nothing was changed.', {
      object: options.name,
      why: invalid,
    });
  return {
    name: options.name,
    deviceId: options.deviceId,
    seq: opened.header.seq,
    prevHash: opened.header.prevHash,
    epoch: opened.header.epoch,
    changes: (payload as { changes: Change[] }).changes,
    hash: opened.hash,
  } as OpenedSegment;
}
