import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { MAX_SEQ } from './names.js';
import { sha256Hex, ZERO_HASH } from './sealed-object.js';
import { openSegment, sealSegment } from './segment.js';
import { change, makeVault, sealRaw, type TestDevice } from './test-fixtures.js';
import { ChainVerifier } from './verifier.js';

const HLC = '001764500000000.00000.' + 'ab'.repeat(16);

function setup() {
  const v = makeVault();
  const seal = (device: TestDevice, seq: number, prevHash: string, title = `t${seq}`) =>
    sealSegment({
      vaultId: v.vaultId,
      deviceId: device.deviceId,
      nameKey: v.nameKey,
      seq,
      prevHash,
      epoch: 1,
      contentKey: v.keys.get(1)!,
      signingKey: device.privateKey,
      changes: [change('d1', 'title', title, HLC)],
    });
  /** A chain of `n` segments of device a. */
  const chain = (n: number) => {
    const out = [];
    let prev = ZERO_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const s = seal(v.a, seq, prev);
      out.push(s);
      prev = s.hash;
    }
    return out;
  };
  /** What the engine does with an object read from `name`: open it as `device`'s, then check it. */
  const receive = (verifier: ChainVerifier, bytes: Buffer, device: TestDevice, name: string) => {
    const decision = verifier.check(openSegment(bytes, v.ctx(device, name)), name);
    // Here the engine applies the changes and persists decision.next in one transaction.
    verifier.commit(decision);
    return decision.verdict;
  };
  return { ...v, seal, chain, receive, verifier: () => new ChainVerifier({}, v.nameOf) };
}

/** Runs `fn`, expects the named refusal, and that the verifier's state did not move. */
function refused(verifier: ChainVerifier, code: string, fn: () => unknown): void {
  const before = JSON.stringify(verifier.state());
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isLockleafError(caught) ? caught.code : caught).toBe(code);
  expect(JSON.stringify(verifier.state())).toBe(before);
}

describe('ChainVerifier', () => {
  it('applies each device’s chain in order, knows a duplicate, and resumes from its persisted state', () => {
    const v = setup();
    const verifier = v.verifier();
    const [s1, s2, s3] = v.chain(3);
    expect(v.receive(verifier, s1!.bytes, v.a, s1!.name)).toBe('apply');
    expect(v.receive(verifier, s2!.bytes, v.a, s2!.name)).toBe('apply');
    expect(v.receive(verifier, s2!.bytes, v.a, s2!.name)).toBe('duplicate');
    const b1 = v.seal(v.b, 1, ZERO_HASH);
    expect(v.receive(verifier, b1.bytes, v.b, b1.name)).toBe('apply');
    const persisted = JSON.parse(JSON.stringify(verifier.state()));
    expect(persisted).toEqual({
      [v.a.deviceId]: { seq: 2, hash: s2!.hash },
      [v.b.deviceId]: { seq: 1, hash: b1.hash },
    });
    const resumed = new ChainVerifier(persisted, v.nameOf);
    expect(v.receive(resumed, s3!.bytes, v.a, s3!.name)).toBe('apply');
    expect(resumed.state()[v.a.deviceId]).toEqual({ seq: 3, hash: sha256Hex(s3!.bytes) });
    // state() is a copy: changing it changes nothing.
    resumed.state()[v.a.deviceId]!.seq = 99;
    expect(resumed.state()[v.a.deviceId]!.seq).toBe(3);
  });

  it('refuses a rollback: an older segment served again, or a listing that ends before what was seen', () => {
    const v = setup();
    const verifier = v.verifier();
    const segs = v.chain(3);
    for (const s of segs) v.receive(verifier, s.bytes, v.a, s.name);
    refused(verifier, 'SYNC_ROLLBACK', () => v.receive(verifier, segs[1]!.bytes, v.a, segs[1]!.name));
    refused(verifier, 'SYNC_ROLLBACK', () => verifier.checkHead(v.a.deviceId, 2));
    refused(verifier, 'SYNC_ROLLBACK', () => verifier.checkHead(v.a.deviceId, undefined));
    expect(() => verifier.checkHead(v.a.deviceId, 3)).not.toThrow();
    expect(() => verifier.checkHead(v.b.deviceId, undefined)).not.toThrow();
  });

  it('refuses a gap: a segment after a missing one, and a first segment that is not number 1', () => {
    const v = setup();
    const verifier = v.verifier();
    const [s1, , s3] = v.chain(3);
    refused(verifier, 'SYNC_GAP', () => v.receive(verifier, s3!.bytes, v.a, s3!.name));
    v.receive(verifier, s1!.bytes, v.a, s1!.name);
    refused(verifier, 'SYNC_GAP', () => v.receive(verifier, s3!.bytes, v.a, s3!.name));
  });

  it('refuses a fork: another segment with a seen seq, or one that does not link to the last', () => {
    const v = setup();
    const verifier = v.verifier();
    const [s1, s2] = v.chain(2);
    v.receive(verifier, s1!.bytes, v.a, s1!.name);
    v.receive(verifier, s2!.bytes, v.a, s2!.name);
    // The device (or someone with its key) wrote a second, different segment 2.
    const other2 = v.seal(v.a, 2, s1!.hash, 'other');
    refused(verifier, 'SYNC_FORK', () => v.receive(verifier, other2.bytes, v.a, other2.name));
    const unlinked3 = v.seal(v.a, 3, sha256Hex(randomBytes(8)));
    refused(verifier, 'SYNC_FORK', () => v.receive(verifier, unlinked3.bytes, v.a, unlinked3.name));
    const fresh = v.verifier();
    const badFirst = v.seal(v.a, 1, sha256Hex(randomBytes(8)));
    refused(fresh, 'SYNC_FORK', () => v.receive(fresh, badFirst.bytes, v.a, badFirst.name));
  });

  it('refuses a replay: an old object under a new name, at open and at check', () => {
    const v = setup();
    const verifier = v.verifier();
    const [s1, s2] = v.chain(2);
    v.receive(verifier, s1!.bytes, v.a, s1!.name);
    // The bucket serves segment 1 again where segment 2 belongs.
    refused(verifier, 'SYNC_REPLAY', () => v.receive(verifier, s1!.bytes, v.a, s2!.name));
    // An engine that checks an opened segment against the key it listed catches it too.
    const opened1 = openSegment(s1!.bytes, v.ctx(v.a, s1!.name));
    refused(verifier, 'SYNC_REPLAY', () => verifier.check(opened1, s2!.name));
    expect(v.receive(verifier, s2!.bytes, v.a, s2!.name)).toBe('apply');
  });

  it("refuses a swapped object: another device's segment where this one's belongs", () => {
    const v = setup();
    const verifier = v.verifier();
    const [a1] = v.chain(1);
    const b1 = v.seal(v.b, 1, ZERO_HASH);
    refused(verifier, 'SYNC_SWAPPED', () => v.receive(verifier, b1.bytes, v.a, a1!.name));
    refused(verifier, 'SYNC_SWAPPED', () => v.receive(verifier, a1!.bytes, v.b, b1.name));
    // A tampered object and a forged author leave it untouched as well.
    const flipped = Buffer.from(a1!.bytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0x80;
    refused(verifier, 'SYNC_TAMPERED', () => v.receive(verifier, flipped, v.a, a1!.name));
    const forged = sealSegment({
      vaultId: v.vaultId,
      deviceId: v.a.deviceId,
      nameKey: v.nameKey,
      seq: 1,
      prevHash: ZERO_HASH,
      epoch: 1,
      contentKey: v.keys.get(1)!,
      signingKey: v.b.privateKey,
      changes: [],
    });
    refused(verifier, 'SYNC_TAMPERED', () => v.receive(verifier, forged.bytes, v.a, forged.name));
    expect(verifier.state()).toEqual({});
  });

  it('refuses a persisted state that is not one', () => {
    const v = setup();
    expect(() => new ChainVerifier({ nope: { seq: 1, hash: ZERO_HASH } }, v.nameOf)).toThrow();
    expect(() => new ChainVerifier({ [v.a.deviceId]: { seq: -1, hash: ZERO_HASH } }, v.nameOf)).toThrow();
    expect(() => new ChainVerifier({ [v.a.deviceId]: { seq: 1, hash: 'x' } }, v.nameOf)).toThrow();
  });

  it('moves only on commit: a check alone, or a failed apply, leaves the state where it was', () => {
    const v = setup();
    const verifier = v.verifier();
    const [s1, s2] = v.chain(2);
    const d1 = verifier.check(openSegment(s1!.bytes, v.ctx(v.a, s1!.name)), s1!.name);
    expect(d1.verdict).toBe('apply');
    expect(d1.next).toEqual({ [v.a.deviceId]: { seq: 1, hash: s1!.hash } });
    // The engine's transaction failed: it does not commit, and the same segment is still the next one.
    expect(verifier.state()).toEqual({});
    const again = verifier.check(openSegment(s1!.bytes, v.ctx(v.a, s1!.name)), s1!.name);
    expect(again.verdict).toBe('apply');
    // Changing the returned state changes nothing.
    (again.next[v.a.deviceId] as { seq: number }).seq = 7;
    verifier.commit(again);
    expect(verifier.state()).toEqual({ [v.a.deviceId]: { seq: 1, hash: s1!.hash } });
    // d1 was decided against a state that is gone; committing it is a bug.
    expect(() => verifier.commit(d1)).toThrow(/stale/);
    expect(() => v.verifier().commit(again)).toThrow(/not a decision/);
    expect(v.receive(verifier, s2!.bytes, v.a, s2!.name)).toBe('apply');
  });

  it('refuses a segment whose changes are not changes, before anything is applied', () => {
    const v = setup();
    const verifier = v.verifier();
    const name = v.nameOf(v.a.deviceId, 1);
    const good = change('d1', 'title', 'Lease', HLC);
    const { value: _value, ...noValue } = good;
    const lists: unknown[] = [
      [42, null],
      'not a list',
      [good, ['document', 'd1']],
      [{ ...good, entity: 7 }],
      [{ ...good, hlc: null }],
      [{ ...good, prev: 5 }],
      [noValue],
    ];
    for (const changes of lists) {
      const hostile = sealRaw(v, v.a, { kind: 'segment', name, seq: 1, payload: { changes } });
      refused(verifier, 'SYNC_TAMPERED', () => v.receive(verifier, hostile.bytes, v.a, name));
    }
    const noList = sealRaw(v, v.a, { kind: 'segment', name, seq: 1, payload: 42 });
    refused(verifier, 'SYNC_TAMPERED', () => v.receive(verifier, noList.bytes, v.a, name));
    expect(verifier.state()).toEqual({});
    // A correct device never writes one either.
    expect(() =>
      sealSegment({
        vaultId: v.vaultId,
        deviceId: v.a.deviceId,
        nameKey: v.nameKey,
        seq: 1,
        prevHash: ZERO_HASH,
        epoch: 1,
        contentKey: v.keys.get(1)!,
        signingKey: v.a.privateKey,
        changes: [42 as never],
      }),
    ).toThrow(/not a change/);
  });

  it('refuses a signed segment header whose seq no device writes as tampered, not with a bare error', () => {
    const v = setup();
    const verifier = v.verifier();
    const name = v.nameOf(v.a.deviceId, 1);
    const payload = { changes: [] };
    for (const seq of [MAX_SEQ + 1, 2 ** 48 - 1, 0]) {
      const hostile = sealRaw(v, v.a, { kind: 'segment', name, seq, payload });
      refused(verifier, 'SYNC_TAMPERED', () => v.receive(verifier, hostile.bytes, v.a, name));
    }
  });

  it('a head at seq 0 has the all-zero hash and no other head has it', () => {
    const v = setup();
    const h = sha256Hex(randomBytes(8));
    expect(() => new ChainVerifier({ [v.a.deviceId]: { seq: 0, hash: h } }, v.nameOf)).toThrow();
    expect(() => new ChainVerifier({ [v.a.deviceId]: { seq: 3, hash: ZERO_HASH } }, v.nameOf)).toThrow();
    expect(() => new ChainVerifier({ [v.a.deviceId]: { seq: MAX_SEQ + 1, hash: h } }, v.nameOf)).toThrow();
    // Seq 0 with the zero hash is "nothing seen": the first segment applies.
    const verifier = new ChainVerifier({ [v.a.deviceId]: { seq: 0, hash: ZERO_HASH } }, v.nameOf);
    const [s1] = v.chain(1);
    expect(v.receive(verifier, s1!.bytes, v.a, s1!.name)).toBe('apply');
  });

  it('is fed only opened segments (a type-level guarantee)', () => {
    const v = setup();
    const verifier = v.verifier();
    const link = { deviceId: v.a.deviceId, seq: 1, prevHash: ZERO_HASH, hash: sha256Hex(Buffer.from('x')) };
    // @ts-expect-error a plain object is not a ChainLink: only openSegment makes one.
    const unchecked = () => verifier.check(link, v.nameOf(v.a.deviceId, 1));
    expect(typeof unchecked).toBe('function');
  });
});
