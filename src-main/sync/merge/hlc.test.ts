import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { compareHlc, formatHlc, HybridClock, MAX_CLOCK_AHEAD_MS, parseHlc } from './hlc.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 30, 12);

/** A clock the test moves by hand. */
function manual(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe('HLC text form', () => {
  it('round-trips and sorts as text in the order of (wall, counter, device)', () => {
    const stamps = [
      formatHlc({ wallMs: 5, counter: 99, deviceId: B }),
      formatHlc({ wallMs: 10, counter: 0, deviceId: B }),
      formatHlc({ wallMs: 10, counter: 1, deviceId: A }),
      formatHlc({ wallMs: 10, counter: 1, deviceId: B }),
      formatHlc({ wallMs: T0, counter: 0, deviceId: A }),
    ];
    expect([...stamps].reverse().sort()).toEqual(stamps);
    for (let i = 1; i < stamps.length; i++) expect(compareHlc(stamps[i - 1]!, stamps[i]!)).toBe(-1);
    expect(parseHlc(stamps[2]!)).toEqual({ wallMs: 10, counter: 1, deviceId: A });
    expect(stamps[4]).toBe(`00${T0}.00000.${A}`);
  });

  it('refuses a malformed stamp with SYNC_CHANGE_INVALID', () => {
    for (const bad of ['', '1.2.3', `${'9'.repeat(16)}.00000.${A}`, `000000000000001.00000.${A.toUpperCase()}`]) {
      let error: unknown;
      try {
        parseHlc(bad);
      } catch (e) {
        error = e;
      }
      expect(isLockleafError(error, 'SYNC_CHANGE_INVALID'), bad).toBe(true);
    }
  });
});

describe('HybridClock', () => {
  it('stays strictly monotonic when the wall clock goes backwards', () => {
    const wall = manual(T0);
    const clock = new HybridClock(A, wall.now);
    const seen: string[] = [clock.next()];
    for (const step of [5, -3_600_000, 0, 0, -1, 10, 3_600_000 - 20, 1]) {
      wall.t += step;
      seen.push(clock.next());
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]! > seen[i - 1]!, `${seen[i - 1]} < ${seen[i]}`).toBe(true);
    // While the clock was behind, the wall held and the counter counted.
    expect(parseHlc(seen[2]!)).toEqual({ wallMs: T0 + 5, counter: 1, deviceId: A });
    expect(clock.last).toBe(seen.at(-1));
  });

  it('resumes after a restart from the persisted last stamp, even with the clock set back', () => {
    const wall = manual(T0);
    const before = new HybridClock(A, wall.now);
    const last = before.next();
    wall.t -= 24 * HOUR;
    const after = new HybridClock(A, wall.now, last);
    expect(after.next() > last).toBe(true);
  });

  it('a device whose clock is 6 hours behind orders its next edits after what it received', () => {
    const right = new HybridClock(A, () => T0);
    const behind = manual(T0 - 6 * HOUR);
    const late = new HybridClock(B, behind.now);
    const remote = right.next();
    expect(late.next() < remote).toBe(true); // before receiving, its own clock decides
    late.receive(remote);
    const mine = late.next();
    expect(mine > remote).toBe(true);
    expect(parseHlc(mine).wallMs).toBe(T0);
    // And the device that is right orders after the late one's edit once it has seen it.
    right.receive(mine);
    expect(right.next() > mine).toBe(true);
  });

  it('takes the larger counter when both clocks stand on the same millisecond', () => {
    const a = new HybridClock(A, () => T0);
    const b = new HybridClock(B, () => T0);
    for (let i = 0; i < 5; i++) a.next();
    b.next();
    b.receive(a.last); // a is at counter 4
    expect(parseHlc(b.last)).toEqual({ wallMs: T0, counter: 5, deviceId: B });
  });

  it('moves the wall by 1 ms when the counter is full', () => {
    const clock = new HybridClock(A, () => T0, formatHlc({ wallMs: T0, counter: 99_999, deviceId: A }));
    expect(parseHlc(clock.next())).toEqual({ wallMs: T0 + 1, counter: 0, deviceId: A });
  });

  it('refuses a stamp more than a year ahead (SYNC_CLOCK_AHEAD), changing nothing; hours ahead are adopted', () => {
    const clock = new HybridClock(A, () => T0);
    const before = clock.next();
    const future = formatHlc({ wallMs: T0 + MAX_CLOCK_AHEAD_MS + 1, counter: 0, deviceId: B });
    let error: unknown;
    try {
      clock.receive(future);
    } catch (e) {
      error = e;
    }
    expect(isLockleafError(error, 'SYNC_CLOCK_AHEAD')).toBe(true);
    expect((error as Error).message).toMatch(/more than a year ahead/);
    expect(clock.last).toBe(before);

    const hoursAhead = formatHlc({ wallMs: T0 + 9 * HOUR, counter: 3, deviceId: B });
    clock.receive(hoursAhead);
    expect(clock.next() > hoursAhead).toBe(true);
  });

  it('measures "ahead" against the physical clock, so accepted stamps cannot ratchet the limit', () => {
    const clock = new HybridClock(A, () => T0);
    const almostAYear = T0 + MAX_CLOCK_AHEAD_MS - HOUR;
    clock.receive(formatHlc({ wallMs: almostAYear, counter: 0, deviceId: B }));
    expect(() => clock.receive(formatHlc({ wallMs: almostAYear + 2 * HOUR, counter: 0, deviceId: B }))).toThrow(
      /more than a year ahead/,
    );
  });
});
