/**
 * A change-log segment: one device's changes, number `seq` in its chain,
 * linked to the one before by `prevHash` (the SHA-256 of that whole sealed
 * object; the first segment links to ZERO_HASH). Written once with a
 * conditional create, never changed.
 */
import type { KeyObject } from 'node:crypto';
import { LockleafError } from '../../errors.js';
import { assertDeviceId, assertSeq, segmentName } from './names.js';
import { openObject, sealObject, type OpenContext, type SealedObject } from './sealed-object.js';

export interface SegmentInput {
  vaultId: string;
  deviceId: string;
  nameKey: Uint8Array;
  seq: number;
  prevHash: string;
  epoch: number;
  contentKey: Uint8Array;
  signingKey: KeyObject;
  changes: unknown[];
}

export interface OpenedSegment {
  /** The name it was read from, proved to be its own. */
  name: string;
  deviceId: string;
  seq: number;
  prevHash: string;
  epoch: number;
  changes: unknown[];
  hash: string;
}

/** `name`: the key the bytes were read from; `deviceId`: the device whose prefix it is under. */
export type SegmentOpenOptions = OpenContext;

export function sealSegment(input: SegmentInput): SealedObject {
  assertDeviceId(input.deviceId);
  assertSeq(input.seq);
  if (!Array.isArray(input.changes)) throw new Error('changes must be an array');
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
    h.seq >= 1 && h.part === 0 && h.parts === 1 ? segmentName(options.nameKey, options.deviceId, h.seq) : '',
  );
  const payload = opened.payload as { changes?: unknown };
  if (!payload || !Array.isArray(payload.changes))
    throw new LockleafError('SYNC_TAMPERED', 'A change-log segment holds damaged content. Nothing was changed.', {
      object: options.name,
    });
  return {
    name: options.name,
    deviceId: options.deviceId,
    seq: opened.header.seq,
    prevHash: opened.header.prevHash,
    epoch: opened.header.epoch,
    changes: payload.changes,
    hash: opened.hash,
  };
}
