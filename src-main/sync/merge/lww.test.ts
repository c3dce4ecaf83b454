import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { type Change, fieldKey } from './change.js';
import { formatHlc, MAX_CLOCK_AHEAD_MS, parseHlc } from './hlc.js';
import { applyChange, applyChanges, type Conflict, emptyState, isPurged, type LwwState, readRecord } from './lww.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const T0 = Date.UTC(2026, 10, 30, 12);
const stamp = (ms: number, deviceId: string, counter = 0) => formatHlc({ wallMs: T0 + ms, counter, deviceId });

function change(field: string, value: unknown, hlc: string, prev: string | null = null, id = 'doc1'): Change {
  return { entity: 'document', id, field, value, hlc, prev };
}

/** The device a change's stamp names: its honest author. */
const authorOf = (c: Change) => parseHlc(c.hlc).deviceId;

/** Applies one change sent by the device its stamp names. */
function apply(state: LwwState, c: Change) {
  return applyChange(state, c, authorOf(c));
}

/** Applies in order (each from the device its stamp names), returning the state and every conflict. */
function run(changes: Change[], state: LwwState = emptyState()) {
  return applyChanges(
    state,
    changes.map((c) => ({ author: authorOf(c), change: c })),
  );
}

/** The error a call throws (undefined if none). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('per-field last-writer-wins', () => {
  const base = change('title', 'Invoice', stamp(0, A));

  it('keeps concurrent edits of different fields of one document, with no conflict', () => {
    const title = change('title', 'Invoice March', stamp(10, A), base.hlc);
    const notes = change('notes', 'paid', stamp(5, B), null);
    for (const order of [
      [base, title, notes],
      [notes, base, title],
      [title, notes, base],
    ]) {
      const { state, conflicts } = run(order);
      expect(readRecord(state, 'document', 'doc1')).toEqual({ title: 'Invoice March', notes: 'paid' });
      expect(conflicts).toEqual([]);
    }
  });

  it('one field edited on two devices: the higher stamp wins on both, and both report the loser', () => {
    const onA = change('title', 'From A', stamp(100, A), base.hlc);
    const onB = change('title', 'From B', stamp(40, B), base.hlc); // B's clock is behind: it loses
    const deviceA = run([base, onA, onB]);
    const deviceB = run([base, onB, onA]);
    expect(deviceA.state).toEqual(deviceB.state);
    expect(readRecord(deviceA.state, 'document', 'doc1')).toEqual({ title: 'From A' });
    const expected: Conflict = { field: 'title', kept: onA, lost: onB };
    expect(deviceA.conflicts).toEqual([expected]);
    expect(deviceB.conflicts).toEqual([expected]);
  });

  it('reports the outcome: applied, stale, duplicate', () => {
    const s1 = apply(emptyState(), base);
    expect(s1.outcome).toBe('applied');
    const again = apply(s1.state, { ...base });
    expect(again.outcome).toBe('duplicate');
    expect(again.state).toBe(s1.state);
    const newer = change('title', 'Later', stamp(50, B), base.hlc);
    const s2 = apply(s1.state, newer);
    expect(s2.outcome).toBe('applied');
    expect(apply(s2.state, base)).toEqual({ state: s2.state, outcome: 'stale' });
  });

  // In HLC order (as the engine applies a round), or with the replaced value arriving late against its own successor.
  it('sequential edits (prev = the value replaced) are no conflict', () => {
    const second = change('title', 'Second', stamp(20, B), base.hlc);
    const third = change('title', 'Third', stamp(30, A), second.hlc);
    for (const order of [
      [base, second, third],
      [second, base, third],
    ]) {
      const { state, conflicts } = run(order);
      expect(readRecord(state, 'document', 'doc1')).toEqual({ title: 'Third' });
      expect(conflicts).toEqual([]);
    }
  });

  it('concurrent edits to the same value are no conflict: nothing is lost', () => {
    const onA = change('title', 'Same', stamp(10, A), base.hlc);
    const onB = change('title', 'Same', stamp(11, B), base.hlc);
    expect(run([base, onA, onB]).conflicts).toEqual([]);
  });

  it('refuses one stamp carrying two different edits (SYNC_CHANGE_INVALID)', () => {
    const { state } = run([base]);
    let error: unknown;
    try {
      apply(state, { ...base, value: 'Forged' });
    } catch (e) {
      error = e;
    }
    expect(isLockleafError(error, 'SYNC_CHANGE_INVALID')).toBe(true);
  });

  it('refuses a change that claims to replace a newer value, or names a field with a slash', () => {
    expect(() => apply(emptyState(), change('title', 'x', stamp(1, A), stamp(2, B)))).toThrow(/newer than itself/);
    expect(() => apply(emptyState(), change('a/b', 'x', stamp(1, A)))).toThrow(/plain name/);
  });
});

describe('trash, restore and purge', () => {
  const base = change('title', 'Tax 2025', stamp(0, A));
  const trash = change('deletedAt', T0 + 10, stamp(10, A), null);
  const edit = change('notes', 'kept while in trash', stamp(12, A));

  it('trash and restore merge like any field', () => {
    const restore = change('deletedAt', null, stamp(20, B), trash.hlc);
    const { state, conflicts } = run([restore, base, trash]);
    expect(readRecord(state, 'document', 'doc1')).toEqual({ title: 'Tax 2025', deletedAt: null });
    expect(conflicts).toEqual([]);
  });

  it('restore on one device racing purge on another: purge wins in either order, and both report the restore', () => {
    const restore = change('deletedAt', null, stamp(50, B), trash.hlc); // B restores, later by the clock
    const purge = change('purgedAt', T0 + 30, stamp(30, A), trash.hlc); // A purges what it saw in the trash
    const restoreFirst = run([base, trash, edit, restore, purge]);
    const purgeFirst = run([base, trash, edit, purge, restore]);
    for (const device of [restoreFirst, purgeFirst]) {
      expect(readRecord(device.state, 'document', 'doc1')).toEqual({ purgedAt: T0 + 30 });
      expect(isPurged(device.state, 'document', 'doc1')).toBe(true);
      expect(device.conflicts).toEqual([{ field: 'deletedAt', kept: purge, lost: restore }]);
    }
    expect(restoreFirst.state).toEqual(purgeFirst.state);
  });

  it('a purged id never comes back, even from a change stamped long after the purge', () => {
    const purge = change('purgedAt', T0 + 30, stamp(30, A), trash.hlc);
    const { state } = run([base, trash, purge]);
    const late = change('title', 'Resurrected?', stamp(10_000_000, B), base.hlc);
    const result = apply(state, late);
    expect(result.outcome).toBe('stale');
    expect(result.conflict).toBeUndefined();
    expect(readRecord(result.state, 'document', 'doc1')).toEqual({ purgedAt: T0 + 30 });
  });

  it('a restore its purger had seen (then trashed again) is no conflict', () => {
    const restore = change('deletedAt', null, stamp(20, B), trash.hlc);
    const retrash = change('deletedAt', T0 + 40, stamp(40, A), restore.hlc);
    const purge = change('purgedAt', T0 + 50, stamp(50, A), retrash.hlc);
    expect(run([base, trash, restore, retrash, purge]).conflicts).toEqual([]);
    expect(run([base, trash, purge, restore, retrash]).conflicts).toEqual([]);
  });

  it('two devices purging the same document agree on one tombstone, with no conflict', () => {
    const purgeA = change('purgedAt', T0 + 30, stamp(30, A), trash.hlc);
    const purgeB = change('purgedAt', T0 + 31, stamp(31, B), trash.hlc);
    const one = run([base, trash, purgeA, purgeB]);
    const two = run([base, trash, purgeB, purgeA]);
    expect(one.state).toEqual(two.state);
    expect(readRecord(one.state, 'document', 'doc1')).toEqual({ purgedAt: T0 + 31 });
    expect([...one.conflicts, ...two.conflicts]).toEqual([]);
  });

  it('a purge cannot be undone by a change clearing the tombstone', () => {
    expect(() => apply(emptyState(), change('purgedAt', null, stamp(1, A)))).toThrow(/cannot be undone/);
  });
});

describe('a change and the device that sent it', () => {
  const base = change('title', 'Invoice', stamp(0, A));

  it('refuses a change whose stamp names another device than its sender (SYNC_CHANGE_INVALID), state unchanged', () => {
    const { state } = run([base]);
    const before = [...state];
    // B reuses A's stamp with its own value: applied first it would stick on some devices and stop sync on all.
    const reused = { ...base, value: 'Forged by B' };
    // B stamps a new edit with A's (or any higher) device id to win ties it would lose.
    const spoofed = change('title', 'Spoofed', stamp(5, 'f'.repeat(32)), base.hlc);
    for (const forged of [reused, spoofed]) {
      for (const target of [emptyState(), state]) {
        const error = thrown(() => applyChange(target, forged, B));
        expect(isLockleafError(error, 'SYNC_CHANGE_INVALID'), forged.value as string).toBe(true);
        expect((error as Error).message).toMatch(/names another device/);
      }
      const honest = change('notes', 'paid', stamp(3, B));
      expect(
        isLockleafError(
          thrown(() =>
            applyChanges(state, [
              { author: B, change: honest },
              { author: B, change: forged },
            ]),
          ),
          'SYNC_CHANGE_INVALID',
        ),
      ).toBe(true);
      expect([...state]).toEqual(before);
      expect(readRecord(state, 'document', 'doc1')).toEqual({ title: 'Invoice' });
    }
    // The same change from its own author is accepted, a copy of it is a duplicate.
    expect(applyChange(emptyState(), base, A).outcome).toBe('applied');
    expect(applyChange(state, { ...base }, A).outcome).toBe('duplicate');
  });

  it('refuses __proto__, constructor and prototype as entity, id or field names', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const changes: Change[] = [
        change(name, { polluted: true }, stamp(1, A)),
        change('title', 'x', stamp(1, A), null, name),
        { ...change('title', 'x', stamp(1, A)), entity: name },
      ];
      for (const c of changes) {
        expect(
          isLockleafError(
            thrown(() => apply(emptyState(), c)),
            'SYNC_CHANGE_INVALID',
          ),
          name,
        ).toBe(true);
      }
    }
  });

  it('readRecord builds a record with no prototype, so no field name reaches Object.prototype', () => {
    // A state loaded from storage is not re-checked: the record must be safe by construction.
    const proto = change('__proto__', { polluted: true }, stamp(1, A));
    const title = change('title', 'Invoice', stamp(2, A));
    const state: LwwState = new Map([
      [fieldKey('document', 'doc1', '__proto__'), proto],
      [fieldKey('document', 'doc1', 'title'), title],
    ]);
    const record = readRecord(state, 'document', 'doc1')!;
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect((record as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(record).sort()).toEqual(['__proto__', 'title']);
    expect(record.title).toBe('Invoice');
  });

  it('refuses a stamp more than a year ahead of this device clock (SYNC_CLOCK_AHEAD), with or without the HLC', () => {
    const now = T0 + 1_000;
    const farAhead = change(
      'title',
      'Year 9999?',
      formatHlc({ wallMs: now + MAX_CLOCK_AHEAD_MS + 1, counter: 0, deviceId: B }),
    );
    const { state } = run([base]);
    for (const call of [
      () => applyChange(state, farAhead, B, { now }),
      () => applyChanges(state, [{ author: B, change: farAhead }], { now }),
      // The default is this device's real clock.
      () =>
        applyChange(
          state,
          change(
            'title',
            'later',
            formatHlc({ wallMs: Date.now() + MAX_CLOCK_AHEAD_MS + 60_000, counter: 0, deviceId: B }),
          ),
          B,
        ),
    ]) {
      expect(isLockleafError(thrown(call), 'SYNC_CLOCK_AHEAD')).toBe(true);
    }
    expect(readRecord(state, 'document', 'doc1')).toEqual({ title: 'Invoice' });
    // Right at the limit is still accepted: the bound is a year, not a tight skew.
    const atLimit = { ...farAhead, hlc: formatHlc({ wallMs: now + MAX_CLOCK_AHEAD_MS, counter: 0, deviceId: B }) };
    expect(applyChange(state, atLimit, B, { now }).outcome).toBe('applied');
  });

  it('applyChanges leaves the given state untouched and returns it when nothing wins', () => {
    const { state } = run([base]);
    const before = [...state];
    const later = change('title', 'Later', stamp(9, B), base.hlc);
    const purge = change('purgedAt', T0 + 20, stamp(20, A), null);
    const result = run([later, change('notes', 'n', stamp(10, A)), purge], state);
    expect([...state]).toEqual(before);
    expect(readRecord(result.state, 'document', 'doc1')).toEqual({ purgedAt: T0 + 20 });
    expect(run([base, { ...base }], state).state).toBe(state);
  });
});
