/**
 * A snapshot: the full state as of a set of chain heads (`covers`: for each
 * device, the seq and hash of its newest segment the state includes), so a
 * new device reads a few objects instead of every segment ever written.
 * A large state is split by the caller into parts (each sealed alone, so no
 * object needs more memory than one part); every part carries the same
 * `covers`, and its header names its part number and the part count, all
 * signed, so parts of two snapshots cannot be mixed.
 */
import type { KeyObject } from 'node:crypto';
import { LockleafError } from '../../errors.js';
import { assertDeviceId, assertSeq, MAX_PARTS, MAX_SEQ, snapshotName } from './names.js';
import { openObject, sealObject, ZERO_HASH, type OpenContext, type SealedObject } from './sealed-object.js';
import { parseCovers, type ChainState, type ChainVerifier, type Decision, type Verdict } from './verifier.js';

export interface SnapshotInput {
  vaultId: string;
  deviceId: string;
  nameKey: Uint8Array;
  /** This device's snapshot number, 1, 2, … */
  snapSeq: number;
  part: number;
  parts: number;
  epoch: number;
  contentKey: Uint8Array;
  signingKey: KeyObject;
  covers: ChainState;
  /** This part of the state (JSON). */
  state: unknown;
}

export interface OpenedSnapshotPart {
  name: string;
  deviceId: string;
  snapSeq: number;
  part: number;
  parts: number;
  epoch: number;
  covers: ChainState;
  state: unknown;
  hash: string;
}

export interface AcceptedSnapshot {
  verdict: Verdict;
  /** Persist `decision.next` with `states`, then `verifier.commit(decision)`. */
  decision: Decision;
  covers: ChainState;
  /** The parts' states, in part order. */
  states: unknown[];
}

function checkParts(part: number, parts: number): void {
  if (
    !Number.isInteger(parts) ||
    parts < 1 ||
    parts > MAX_PARTS ||
    !Number.isInteger(part) ||
    part < 0 ||
    part >= parts
  )
    throw new Error(`invalid snapshot part ${part} of ${parts}`);
}

export function sealSnapshot(input: SnapshotInput): SealedObject {
  assertDeviceId(input.deviceId);
  assertSeq(input.snapSeq, 'snapshot seq');
  checkParts(input.part, input.parts);
  // Never write what every reader would refuse.
  parseCovers(input.covers, 'a snapshot being sealed');
  return sealObject({
    ...input,
    kind: 'snapshot',
    name: snapshotName(input.nameKey, input.deviceId, input.snapSeq, input.part),
    seq: input.snapSeq,
    prevHash: ZERO_HASH,
    payload: { covers: input.covers, state: input.state },
  });
}

const damaged = (name: string): LockleafError =>
  new LockleafError('SYNC_TAMPERED', 'A snapshot in the bucket holds damaged content. Nothing was changed.', {
    object: name,
  });

/** Opens one part read from `options.name` (the author's snapshot prefix). Checks nothing against history: see `acceptSnapshot`. */
export function openSnapshotPart(bytes: Uint8Array, options: OpenContext): OpenedSnapshotPart {
  assertDeviceId(options.deviceId);
  const opened = openObject(bytes, 'snapshot', options, (h) =>
    h.seq >= 1 &&
    h.seq <= MAX_SEQ &&
    h.epoch >= 1 &&
    h.parts >= 1 &&
    h.part < h.parts &&
    h.parts <= MAX_PARTS &&
    h.prevHash === ZERO_HASH
      ? snapshotName(options.nameKey, options.deviceId, h.seq, h.part)
      : undefined,
  );
  const payload = opened.payload as { covers?: unknown; state?: unknown } | null;
  if (!payload || typeof payload !== 'object') throw damaged(options.name);
  const covers = parseCovers(payload.covers, options.name);
  return {
    name: options.name,
    deviceId: options.deviceId,
    snapSeq: opened.header.seq,
    part: opened.header.part,
    parts: opened.header.parts,
    epoch: opened.header.epoch,
    covers,
    state: payload.state,
    hash: opened.hash,
  };
}

/**
 * All parts of one snapshot, checked to belong together and, through
 * `verifier`, not to be older than what this device has seen. Moves nothing:
 * on `apply` the engine replaces its state with `states` and persists
 * `decision.next` in the same transaction, then `verifier.commit(decision)`.
 */
export function acceptSnapshot(parts: OpenedSnapshotPart[], verifier: ChainVerifier): AcceptedSnapshot {
  const first = parts[0];
  if (!first) throw new Error('a snapshot has at least one part');
  const covers = JSON.stringify(first.covers);
  for (const p of parts) {
    const together =
      p.deviceId === first.deviceId &&
      p.snapSeq === first.snapSeq &&
      p.parts === first.parts &&
      JSON.stringify(p.covers) === covers;
    if (!together) throw damaged(p.name);
  }
  if (new Set(parts.map((p) => p.part)).size !== parts.length) throw damaged(first.name);
  // Parts are distinct and each below `parts` (the opener checked): too few means some are missing.
  if (parts.length !== first.parts)
    throw new LockleafError(
      'SYNC_GAP',
      `A snapshot in the bucket is missing ${first.parts - parts.length} of its ${first.parts} parts. Nothing was changed.`,
      { object: first.name },
    );
  const decision = verifier.checkSnapshot(first.covers, first.name);
  const ordered = [...parts].sort((a, b) => a.part - b.part);
  return { verdict: decision.verdict, decision, covers: first.covers, states: ordered.map((p) => p.state) };
}
