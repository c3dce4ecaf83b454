/**
 * Hybrid logical clock (Kulkarni et al., 2014): a stamp is the largest
 * physical time this device has seen (its own clock or any stamp received),
 * plus a counter for events within that millisecond, plus the device id as
 * the final tie-break. A stamp made after receiving another is always larger
 * than it, whatever the local clock says, so a device whose clock is hours
 * behind still orders its edits after what it has seen.
 *
 * Text form `${wallMs:15}.${counter:5}.${deviceId}`: fixed widths, so plain
 * string comparison is the clock's order (SQLite can ORDER BY it).
 *
 * A stamp far ahead of this device's clock (more than `MAX_CLOCK_AHEAD_MS`)
 * is refused with SYNC_CLOCK_AHEAD rather than adopted: adopting it would
 * drag every later stamp of every device that far ahead, and a broken or
 * hostile device stamping the year 9999 would win every field it touched
 * until then. The limit is measured against the physical clock, not against
 * the last stamp, so it cannot be ratcheted up a year at a time. The same
 * rule is checked by `assertChange` (`assertNotAhead`), so it holds whether
 * the engine receives a stamp into the clock or applies its change first.
 * Each device measures against its own clock: devices whose clocks differ can
 * disagree on a stamp near the limit, and a refused stamp becomes acceptable
 * once this clock catches up, so the engine must hold such a change back and
 * retry it, never skip past it.
 */
import { LockleafError } from '../../errors.js';

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_WALL = 10 ** WALL_DIGITS - 1;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const HLC_PATTERN = /^(\d{15})\.(\d{5})\.([0-9a-f]{32})$/;
/** A deviceId: 32 lowercase hex characters. */
export const DEVICE_PATTERN = /^[0-9a-f]{32}$/;

/** One year: far beyond any honest skew (time zones, a wrong day), short enough to bound the damage. */
export const MAX_CLOCK_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;

export interface Hlc {
  wallMs: number;
  counter: number;
  deviceId: string;
}

export function parseHlc(text: string): Hlc {
  const match = typeof text === 'string' ? HLC_PATTERN.exec(text) : null;
  if (!match) {
    throw new LockleafError('SYNC_CHANGE_INVALID', 'A synced change carries a malformed clock stamp.', {
      stamp: String(text).slice(0, 80),
    });
  }
  return { wallMs: Number(match[1]), counter: Number(match[2]), deviceId: match[3]! };
}

export function formatHlc({ wallMs, counter, deviceId }: Hlc): string {
  if (!Number.isSafeInteger(wallMs) || wallMs < 0 || wallMs > MAX_WALL)
    throw new Error(`HLC wall out of range: ${wallMs}`);
  if (!Number.isSafeInteger(counter) || counter < 0 || counter > MAX_COUNTER)
    throw new Error(`HLC counter out of range: ${counter}`);
  if (!DEVICE_PATTERN.test(deviceId)) throw new Error('HLC device id must be 32 lowercase hex characters');
  return `${String(wallMs).padStart(WALL_DIGITS, '0')}.${String(counter).padStart(COUNTER_DIGITS, '0')}.${deviceId}`;
}

/** Order of two stamps (-1, 0, 1). Both are validated; the fixed-width text then compares like the tuple. */
export function compareHlc(a: string, b: string): number {
  parseHlc(a);
  parseHlc(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Refuses (SYNC_CLOCK_AHEAD) a stamp more than `maxAheadMs` ahead of
 * `physicalMs`, the checking device's own clock: there is no shared clock to
 * measure against, so each device applies the limit to what it reads itself.
 */
export function assertNotAhead(stamp: Hlc, physicalMs: number, maxAheadMs = MAX_CLOCK_AHEAD_MS): void {
  if (stamp.wallMs - physicalMs <= maxAheadMs) return;
  throw new LockleafError(
    'SYNC_CLOCK_AHEAD',
    `A change from another device is dated ${new Date(stamp.wallMs).toISOString()}, more than a year ahead of this ` +
      `device's clock (${new Date(physicalMs).toISOString()}). Check the date and time on both devices.`,
    { remoteWallMs: stamp.wallMs, localWallMs: physicalMs, remoteDevice: stamp.deviceId },
  );
}

export interface HybridClockOptions {
  maxAheadMs?: number;
}

export class HybridClock {
  private wallMs: number;
  private counter: number;
  private readonly maxAheadMs: number;

  /**
   * @param last the last stamp this device issued or received, persisted by
   *   the engine, so a restart with a clock set back cannot issue a smaller one.
   */
  constructor(
    readonly deviceId: string,
    private readonly now: () => number = Date.now,
    last?: string,
    options: HybridClockOptions = {},
  ) {
    if (!DEVICE_PATTERN.test(deviceId)) throw new Error('HLC device id must be 32 lowercase hex characters');
    const start = last === undefined ? { wallMs: 0, counter: 0 } : parseHlc(last);
    this.wallMs = start.wallMs;
    this.counter = start.counter;
    this.maxAheadMs = options.maxAheadMs ?? MAX_CLOCK_AHEAD_MS;
  }

  /** The latest stamp issued or received: what the engine persists. */
  get last(): string {
    return formatHlc({ wallMs: this.wallMs, counter: this.counter, deviceId: this.deviceId });
  }

  /** A stamp for a local event, larger than every stamp issued or received before. */
  next(): string {
    const physical = this.physical();
    if (physical > this.wallMs) this.set(physical, 0);
    else this.set(this.wallMs, this.counter + 1);
    return this.last;
  }

  /** Moves past a stamp read from another device, so the next local stamp orders after it. */
  receive(remote: string): void {
    const r = parseHlc(remote);
    const physical = this.physical();
    assertNotAhead(r, physical, this.maxAheadMs);
    const wall = Math.max(this.wallMs, r.wallMs, physical);
    if (wall === this.wallMs && wall === r.wallMs) this.set(wall, Math.max(this.counter, r.counter) + 1);
    else if (wall === this.wallMs) this.set(wall, this.counter + 1);
    else if (wall === r.wallMs) this.set(wall, r.counter + 1);
    else this.set(wall, 0);
  }

  private physical(): number {
    const t = Math.floor(this.now());
    if (!Number.isSafeInteger(t) || t < 0) throw new Error(`The clock returned an impossible time: ${t}`);
    return t;
  }

  // A full counter (100,000 events in one millisecond, or a wall held ahead by
  // a remote stamp) moves the wall on by 1 ms: the order stays strict.
  private set(wallMs: number, counter: number): void {
    if (counter > MAX_COUNTER) {
      wallMs += 1;
      counter = 0;
    }
    if (wallMs > MAX_WALL) throw new Error('HLC wall beyond the stamp format');
    this.wallMs = wallMs;
    this.counter = counter;
  }
}
