import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { MAX_SEQ, snapshotName } from './names.js';
import { HEADER_BYTES, sha256Hex, ZERO_HASH } from './sealed-object.js';
import { sealSegment } from './segment.js';
import { acceptSnapshot as accept, openSnapshotPart, sealSnapshot, type OpenedSnapshotPart } from './snapshot.js';
import { makeVault, sealRaw, type TestDevice } from './test-fixtures.js';
import { ChainVerifier, type ChainState } from './verifier.js';

function setup() {
  const v = makeVault();
  const h = (n: number) => sha256Hex(Buffer.from([n]));
  const covers: ChainState = { [v.a.deviceId]: { seq: 5, hash: h(5) }, [v.b.deviceId]: { seq: 2, hash: h(2) } };
  const seal = (snapSeq: number, part: number, parts: number, state: unknown, c: ChainState = covers, by = v.b) =>
    sealSnapshot({
      vaultId: v.vaultId,
      deviceId: by.deviceId,
      nameKey: v.nameKey,
      snapSeq,
      part,
      parts,
      epoch: 2,
      contentKey: v.keys.get(2)!,
      signingKey: by.privateKey,
      covers: c,
      state,
    });
  const open = (bytes: Buffer, name: string, by: TestDevice = v.b) => openSnapshotPart(bytes, v.ctx(by, name));
  return { ...v, h, covers, seal, open };
}

/** What the engine does: accept, store the states with `decision.next`, then commit. */
function acceptSnapshot(parts: OpenedSnapshotPart[], verifier: ChainVerifier) {
  const accepted = accept(parts, verifier);
  verifier.commit(accepted.decision);
  return accepted;
}

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isLockleafError(error) ? error.code : error;
  }
  return 'accepted';
}

describe('sealed snapshots', () => {
  it('round-trip in parts: a new device adopts the covered heads and gets the states in part order', () => {
    const v = setup();
    const p0 = v.seal(1, 0, 2, { documents: [{ id: 'd1', title: 'Lease' }] });
    const p1 = v.seal(1, 1, 2, { documents: [{ id: 'd2', title: 'Invoice' }] });
    expect(p1.name).toBe(snapshotName(v.nameKey, v.b.deviceId, 1, 1));
    const verifier = new ChainVerifier({}, v.nameOf);
    const parts = [v.open(p1.bytes, p1.name), v.open(p0.bytes, p0.name)];
    expect(parts[0]).toMatchObject({ snapSeq: 1, part: 1, parts: 2, epoch: 2, covers: v.covers, hash: p1.hash });
    const accepted = acceptSnapshot(parts, verifier);
    expect(accepted.verdict).toBe('apply');
    expect(accepted.states).toEqual([
      { documents: [{ id: 'd1', title: 'Lease' }] },
      { documents: [{ id: 'd2', title: 'Invoice' }] },
    ]);
    expect(verifier.state()).toEqual(v.covers);
    expect(acceptSnapshot(parts, verifier).verdict).toBe('duplicate');
  });

  it('a rolled-back snapshot (behind what this device has seen) is refused and changes nothing', () => {
    const v = setup();
    const seen = { ...v.covers, [v.a.deviceId]: { seq: 6, hash: v.h(6) } };
    const verifier = new ChainVerifier(seen, v.nameOf);
    const old = v.seal(1, 0, 1, { documents: [] });
    expect(codeOf(() => acceptSnapshot([v.open(old.bytes, old.name)], verifier))).toBe('SYNC_ROLLBACK');
    // A snapshot that forgets a device this one has seen is behind it too.
    const { [v.b.deviceId]: _b, ...withoutB } = v.covers;
    const partial = v.seal(2, 0, 1, {}, { ...withoutB, [v.a.deviceId]: { seq: 7, hash: v.h(7) } });
    expect(codeOf(() => acceptSnapshot([v.open(partial.bytes, partial.name)], verifier))).toBe('SYNC_ROLLBACK');
    expect(verifier.state()).toEqual(seen);
    const newer = v.seal(3, 0, 1, {}, { ...v.covers, [v.a.deviceId]: { seq: 9, hash: v.h(9) } });
    expect(acceptSnapshot([v.open(newer.bytes, newer.name)], verifier).verdict).toBe('apply');
    expect(verifier.state()[v.a.deviceId]).toEqual({ seq: 9, hash: v.h(9) });
  });

  it('a snapshot disagreeing on a seen segment is a fork; nothing changes', () => {
    const v = setup();
    const verifier = new ChainVerifier(v.covers, v.nameOf);
    const forked = v.seal(1, 0, 1, {}, { ...v.covers, [v.a.deviceId]: { seq: 5, hash: v.h(50) } });
    expect(codeOf(() => acceptSnapshot([v.open(forked.bytes, forked.name)], verifier))).toBe('SYNC_FORK');
    expect(verifier.state()).toEqual(v.covers);
  });

  it('a missing part is a gap; parts of two snapshots do not mix', () => {
    const v = setup();
    const verifier = new ChainVerifier({}, v.nameOf);
    const a0 = v.seal(1, 0, 3, 'a0');
    const a2 = v.seal(1, 2, 3, 'a2');
    const b1 = v.seal(2, 1, 3, 'b1');
    const parts = [v.open(a0.bytes, a0.name), v.open(a2.bytes, a2.name)];
    expect(codeOf(() => acceptSnapshot(parts, verifier))).toBe('SYNC_GAP');
    expect(codeOf(() => acceptSnapshot([...parts, v.open(b1.bytes, b1.name)], verifier))).toBe('SYNC_TAMPERED');
    expect(codeOf(() => acceptSnapshot([parts[0]!, parts[0]!, parts[1]!], verifier))).toBe('SYNC_TAMPERED');
    expect(verifier.state()).toEqual({});
  });

  it('a part under another part’s name is a replay; a segment under a snapshot name is swapped; bits are checked', () => {
    const v = setup();
    const p0 = v.seal(1, 0, 2, 'p0');
    const p1 = v.seal(1, 1, 2, 'p1');
    expect(codeOf(() => v.open(p0.bytes, p1.name))).toBe('SYNC_REPLAY');
    expect(codeOf(() => v.open(v.seal(2, 1, 2, 'p1').bytes, p1.name))).toBe('SYNC_REPLAY');
    const segment = sealSegment({
      vaultId: v.vaultId,
      deviceId: v.b.deviceId,
      nameKey: v.nameKey,
      seq: 1,
      prevHash: ZERO_HASH,
      epoch: 2,
      contentKey: v.keys.get(2)!,
      signingKey: v.b.privateKey,
      changes: [],
    });
    expect(codeOf(() => v.open(segment.bytes, p0.name))).toBe('SYNC_SWAPPED');
    expect(codeOf(() => v.open(p0.bytes, p0.name, v.a))).toBe('SYNC_SWAPPED');
    const flipped = Buffer.from(p0.bytes);
    flipped[HEADER_BYTES + 20] = flipped[HEADER_BYTES + 20]! ^ 0x04;
    expect(codeOf(() => v.open(flipped, p0.name))).toBe('SYNC_TAMPERED');
    expect(codeOf(() => openSnapshotPart(p0.bytes, { ...v.ctx(v.b, p0.name), keyFor: () => randomBytes(32) }))).toBe(
      'SYNC_KEY_UNAVAILABLE',
    );
  });

  it('no plaintext marker (UTF-8, UTF-16LE, base64) in a sealed snapshot; its size is a bucket', () => {
    const v = setup();
    const marker = 'Marker Passport Scan 4c21e0';
    const state = { documents: Array.from({ length: 200 }, (_, i) => ({ id: `d${i}`, title: `${marker} ${i}` })) };
    const sealed = v.seal(1, 0, 1, state);
    const forms = [
      Buffer.from(marker, 'utf8'),
      Buffer.from(marker, 'utf16le'),
      Buffer.from(Buffer.from(marker).toString('base64').slice(0, -4), 'ascii'),
      Buffer.from(Buffer.from(`x${marker}`).toString('base64').slice(4, -4), 'ascii'),
      Buffer.from(Buffer.from(`xx${marker}`).toString('base64').slice(4, -4), 'ascii'),
    ];
    for (const form of forms) expect(sealed.bytes.includes(form)).toBe(false);
    const small = v.seal(1, 0, 1, { documents: [] });
    expect(sealed.bytes.length).toBe(small.bytes.length);
    expect(acceptSnapshot([v.open(sealed.bytes, sealed.name)], new ChainVerifier({}, v.nameOf)).states).toEqual([
      state,
    ]);
  });

  it('accepting moves nothing until the engine commits the decision', () => {
    const v = setup();
    const verifier = new ChainVerifier({}, v.nameOf);
    const p0 = v.seal(1, 0, 1, 'whole');
    const accepted = accept([v.open(p0.bytes, p0.name)], verifier);
    expect(accepted.verdict).toBe('apply');
    expect(accepted.decision.next).toEqual(v.covers);
    expect(verifier.state()).toEqual({});
    verifier.commit(accepted.decision);
    expect(verifier.state()).toEqual(v.covers);
  });

  it('covers that name no device or no head are refused as tampered, with nothing changed', () => {
    const v = setup();
    const name = snapshotName(v.nameKey, v.b.deviceId, 1, 0);
    const bad: unknown[] = [
      { nope: { seq: 1, hash: v.h(1) } },
      { [v.a.deviceId.toUpperCase()]: { seq: 1, hash: v.h(1) } },
      { [v.a.deviceId]: { seq: MAX_SEQ + 1, hash: v.h(1) } },
      { [v.a.deviceId]: { seq: 1.5, hash: v.h(1) } },
      { [v.a.deviceId]: { seq: '1', hash: v.h(1) } },
      { [v.a.deviceId]: { seq: 1, hash: 'x' } },
      { [v.a.deviceId]: null },
      [{ seq: 1, hash: v.h(1) }],
      'covers',
      null,
    ];
    for (const covers of bad) {
      const hostile = sealRaw(v, v.b, { kind: 'snapshot', name, seq: 1, payload: { covers, state: {} } });
      expect(codeOf(() => v.open(hostile.bytes, name))).toBe('SYNC_TAMPERED');
    }
    // The verifier refuses them too if handed them directly.
    const verifier = new ChainVerifier({}, v.nameOf);
    expect(codeOf(() => verifier.checkSnapshot({ nope: { seq: 1, hash: v.h(1) } }, name))).toBe('SYNC_TAMPERED');
    expect(verifier.state()).toEqual({});
  });

  it("a snapshot covering a device at seq 0 with another hash cannot make the device's first segment a fork", () => {
    const v = setup();
    const name = snapshotName(v.nameKey, v.b.deviceId, 1, 0);
    const covers = { [v.a.deviceId]: { seq: 0, hash: v.h(9) } };
    const hostile = sealRaw(v, v.b, { kind: 'snapshot', name, seq: 1, payload: { covers, state: {} } });
    expect(codeOf(() => v.open(hostile.bytes, name))).toBe('SYNC_TAMPERED');
    const verifier = new ChainVerifier({}, v.nameOf);
    expect(codeOf(() => verifier.checkSnapshot(covers, name))).toBe('SYNC_TAMPERED');
    // Seq 0 with the zero hash means "nothing of this device": the same as leaving it out.
    const empty = v.seal(1, 0, 1, {}, { [v.a.deviceId]: { seq: 0, hash: ZERO_HASH } });
    expect(acceptSnapshot([v.open(empty.bytes, empty.name)], verifier).verdict).toBe('duplicate');
    expect(verifier.state()).toEqual({});
  });

  it('a signed snapshot header with a seq no device writes is refused as tampered, not with a bare error', () => {
    const v = setup();
    const name = snapshotName(v.nameKey, v.b.deviceId, 1, 0);
    for (const seq of [MAX_SEQ + 1, 2 ** 48 - 1]) {
      const hostile = sealRaw(v, v.b, { kind: 'snapshot', name, seq, payload: { covers: v.covers, state: {} } });
      expect(codeOf(() => v.open(hostile.bytes, name))).toBe('SYNC_TAMPERED');
    }
  });
});
