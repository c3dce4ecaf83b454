/**
 * What this device has seen of every device's chain, and the rules a new
 * object must meet before anything is applied. The bucket is not trusted: it
 * may hide, reorder, roll back, replay or swap objects. Each refusal is a
 * named error and leaves the state exactly as it was; the state moves only
 * when a check passes.
 *
 * The engine persists `state()` in the same transaction as the changes it
 * applied; if that transaction fails it builds a new verifier from what was
 * persisted (the in-memory one has moved on).
 */
import { LockleafError } from '../../errors.js';
import { assertDeviceId } from './names.js';
import { ZERO_HASH } from './sealed-object.js';

export interface ChainHead {
  seq: number;
  /** SHA-256 of the device's newest sealed segment, hex. */
  hash: string;
}
export type ChainState = Record<string, ChainHead>;
export type Verdict = 'apply' | 'duplicate';

/** What the verifier needs of an opened segment (`OpenedSegment` has it). */
export interface ChainLink {
  deviceId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

const HASH = /^[0-9a-f]{64}$/;

function validHead(deviceId: string, head: ChainHead): ChainHead {
  assertDeviceId(deviceId);
  if (!Number.isSafeInteger(head.seq) || head.seq < 0 || !HASH.test(head.hash))
    throw new Error(`invalid chain head for ${deviceId}`);
  return { seq: head.seq, hash: head.hash };
}

function copy(heads: Map<string, ChainHead>): ChainState {
  return Object.fromEntries([...heads].map(([d, h]) => [d, { ...h }]));
}

export class ChainVerifier {
  private heads: Map<string, ChainHead>;

  /** `segmentName`: the name a device's segment `seq` must have (names.ts's, with the vault's name key). */
  constructor(
    state: ChainState,
    private readonly segmentName: (deviceId: string, seq: number) => string,
  ) {
    this.heads = new Map(Object.entries(state).map(([d, h]) => [d, validHead(d, h)]));
  }

  /** A copy of what has been seen, to persist. */
  state(): ChainState {
    return copy(this.heads);
  }

  private seen(deviceId: string): ChainHead {
    return this.heads.get(deviceId) ?? { seq: 0, hash: ZERO_HASH };
  }

  /**
   * Decides on a segment read from `name`: `apply` (the next link of its
   * device's chain; the state moves to it) or `duplicate` (the very object
   * already applied). Anything else throws and changes nothing.
   */
  check(link: ChainLink, name: string): Verdict {
    const { deviceId, seq } = link;
    const details = { deviceId, seq, object: name };
    if (name !== this.segmentName(deviceId, seq))
      throw new LockleafError(
        'SYNC_REPLAY',
        `The bucket served segment ${seq} of a device under another name (a replay). Nothing was changed.`,
        details,
      );
    const last = this.seen(deviceId);
    const known = { ...details, seenSeq: last.seq };
    if (seq === last.seq) {
      if (link.hash === last.hash) return 'duplicate';
      throw new LockleafError(
        'SYNC_FORK',
        `The bucket holds a different segment ${seq} from a device than the one this device already applied (a fork). Nothing was changed.`,
        known,
      );
    }
    if (seq < last.seq)
      throw new LockleafError(
        'SYNC_ROLLBACK',
        `The bucket served segment ${seq} of a device after segment ${last.seq} was applied (a rollback). Nothing was changed.`,
        known,
      );
    if (seq > last.seq + 1)
      throw new LockleafError(
        'SYNC_GAP',
        `Segments ${last.seq + 1}–${seq - 1} of a device are missing from the bucket. Nothing was changed.`,
        known,
      );
    if (link.prevHash !== last.hash)
      throw new LockleafError(
        'SYNC_FORK',
        `Segment ${seq} of a device does not follow the segment ${last.seq} this device applied (a fork). Nothing was changed.`,
        known,
      );
    this.heads.set(deviceId, { seq, hash: link.hash });
    return 'apply';
  }

  /**
   * The newest segment the bucket lists for `deviceId` (undefined: none).
   * Fewer than this device has seen means the bucket rolled the device back
   * (or deleted its newest segment, which the engine never does).
   */
  checkHead(deviceId: string, newestListedSeq: number | undefined): void {
    const last = this.seen(deviceId);
    if ((newestListedSeq ?? 0) < last.seq)
      throw new LockleafError(
        'SYNC_ROLLBACK',
        `The bucket lists a device's segments only up to ${newestListedSeq ?? 0}, but this device has seen ${last.seq} (a rollback). Nothing was changed.`,
        { deviceId, seq: newestListedSeq ?? 0, seenSeq: last.seq },
      );
  }

  /**
   * A snapshot covering `covers` (each device's seq and segment hash it
   * includes): refused if it is behind what this device has seen for any
   * device (a rolled-back snapshot) or disagrees on a hash (a fork). `apply`
   * moves the state to `covers`; `duplicate`: it covers exactly what was seen.
   */
  checkSnapshot(covers: ChainState, name: string): Verdict {
    const next = new Map(Object.entries(covers).map(([d, h]) => [d, validHead(d, h)]));
    for (const [deviceId, last] of this.heads) {
      const covered = next.get(deviceId) ?? { seq: 0, hash: ZERO_HASH };
      const details = { deviceId, seq: covered.seq, seenSeq: last.seq, object: name };
      if (covered.seq < last.seq)
        throw new LockleafError(
          'SYNC_ROLLBACK',
          `The bucket served a snapshot older than what this device has already seen (a rollback). Nothing was changed.`,
          details,
        );
      if (covered.seq === last.seq && covered.hash !== last.hash)
        throw new LockleafError(
          'SYNC_FORK',
          `A snapshot disagrees with this device about segment ${last.seq} of a device (a fork). Nothing was changed.`,
          details,
        );
    }
    const same = next.size === this.heads.size && [...next].every(([d, h]) => this.heads.get(d)?.seq === h.seq);
    if (same) return 'duplicate';
    this.heads = next;
    return 'apply';
  }
}
