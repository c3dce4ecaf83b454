/**
 * What this device has seen of every device's chain, and the rules a new
 * object must meet before anything is applied. The bucket is not trusted: it
 * may hide, reorder, roll back, replay or swap objects. Each refusal is a
 * named error.
 *
 * Two phases, so the state never runs ahead of what was applied: `check` and
 * `checkSnapshot` decide and return the state to move to without moving;
 * the engine persists `decision.next` in the same transaction as the changes
 * (or the snapshot's state) and then calls `commit(decision)`. If the
 * transaction fails it simply does not commit.
 */
import { LockleafError } from '../../errors.js';
import { MAX_SEQ } from './names.js';
import { ZERO_HASH } from './sealed-object.js';

export interface ChainHead {
  seq: number;
  /** SHA-256 of the device's newest sealed segment, hex. */
  hash: string;
}
export type ChainState = Record<string, ChainHead>;
export type Verdict = 'apply' | 'duplicate';

declare const openedBrand: unique symbol;

/** What the verifier needs of an opened segment. Only `openSegment` makes one (its `OpenedSegment` is one). */
export interface ChainLink {
  readonly deviceId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly [openedBrand]: true;
}

export interface Decision {
  readonly verdict: Verdict;
  /** The state to persist with what is applied; a copy (changing it changes nothing). */
  readonly next: ChainState;
}

const HASH = /^[0-9a-f]{64}$/;
const DEVICE_ID = /^[0-9a-f]{32}$/;

/**
 * A head is a device id, a seq in range and a hash; seq 0 (nothing seen) has
 * exactly the all-zero hash and no other seq has it, or a forged "seq 0 with
 * another hash" would make the device's genuine first segment a fork forever.
 */
function isHead(deviceId: string, head: unknown): head is ChainHead {
  if (!DEVICE_ID.test(deviceId) || typeof head !== 'object' || head === null) return false;
  const { seq, hash } = head as Partial<ChainHead>;
  return (
    typeof seq === 'number' &&
    Number.isSafeInteger(seq) &&
    seq >= 0 &&
    seq <= MAX_SEQ &&
    typeof hash === 'string' &&
    HASH.test(hash) &&
    (seq === 0) === (hash === ZERO_HASH)
  );
}

/** Heads as a map; seq 0 entries dropped (the same as absent), so equal states compare equal. */
function toHeads(state: unknown, bad: (deviceId: string) => Error): Map<string, ChainHead> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw bad('');
  const heads = new Map<string, ChainHead>();
  for (const [deviceId, head] of Object.entries(state)) {
    if (!isHead(deviceId, head)) throw bad(deviceId);
    if (head.seq > 0) heads.set(deviceId, { seq: head.seq, hash: head.hash });
  }
  return heads;
}

/**
 * A snapshot's `covers` as read from an authentic object: refused as tampered
 * unless every key is a deviceId and every head well formed.
 */
export function parseCovers(covers: unknown, name: string): ChainState {
  return copy(toHeads(covers, () => badCovers(name)));
}

const badCovers = (name: string): LockleafError =>
  new LockleafError(
    'SYNC_TAMPERED',
    'A snapshot in the bucket names chain heads no Lockleaf writes. Nothing was changed.',
    {
      object: name,
    },
  );

function copy(heads: ReadonlyMap<string, ChainHead>): ChainState {
  return Object.fromEntries([...heads].map(([d, h]) => [d, { ...h }]));
}

interface Pending {
  base: ReadonlyMap<string, ChainHead>;
  next: ReadonlyMap<string, ChainHead>;
}

export class ChainVerifier {
  // Never changed in place: `commit` swaps it, so a decision can tell whether it was made against it.
  private heads: ReadonlyMap<string, ChainHead>;
  private readonly pending = new WeakMap<Decision, Pending>();

  /** `segmentName`: the name a device's segment `seq` must have (names.ts's, with the vault's name key). */
  constructor(
    state: ChainState,
    private readonly segmentName: (deviceId: string, seq: number) => string,
  ) {
    // Persisted by this device: a bad one is a bug or a damaged vault, not the bucket's doing.
    this.heads = toHeads(state, (deviceId) => new Error(`invalid chain head for ${JSON.stringify(deviceId)}`));
  }

  /** A copy of what has been seen (committed), to persist. */
  state(): ChainState {
    return copy(this.heads);
  }

  private seen(deviceId: string): ChainHead {
    return this.heads.get(deviceId) ?? { seq: 0, hash: ZERO_HASH };
  }

  private decide(verdict: Verdict, next: ReadonlyMap<string, ChainHead>): Decision {
    const decision: Decision = Object.freeze({ verdict, next: copy(next) });
    this.pending.set(decision, { base: this.heads, next });
    return decision;
  }

  /**
   * Moves the state to a decision's `next`, once the engine has persisted it
   * with what it applied. A decision made before another was committed is
   * stale (it was checked against a state that is gone): a bug, thrown.
   */
  commit(decision: Decision): void {
    const pending = this.pending.get(decision);
    if (!pending) throw new Error('not a decision of this verifier');
    if (pending.base !== this.heads) throw new Error('stale decision: the state moved since it was made');
    this.pending.delete(decision);
    this.heads = pending.next;
  }

  /**
   * Decides on a segment read from `name`: `apply` (the next link of its
   * device's chain) or `duplicate` (the very object already applied).
   * Anything else throws. Changes nothing either way: see `commit`.
   */
  check(link: ChainLink, name: string): Decision {
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
      if (link.hash === last.hash) return this.decide('duplicate', this.heads);
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
    return this.decide('apply', new Map([...this.heads, [deviceId, { seq, hash: link.hash }]]));
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
   * device (a rolled-back snapshot) or disagrees on a hash (a fork) or is not
   * well formed (tampered). `apply`: the state is to move to `covers`;
   * `duplicate`: it covers exactly what was seen. Changes nothing: see `commit`.
   */
  checkSnapshot(covers: ChainState, name: string): Decision {
    const next = toHeads(covers, () => badCovers(name));
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
    return same ? this.decide('duplicate', this.heads) : this.decide('apply', next);
  }
}
