import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { sha256Hex, ZERO_HASH } from './sealed-object.js';
import { openSegment, sealSegment } from './segment.js';
import { change, makeVault, type TestDevice } from './test-fixtures.js';
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
  const receive = (verifier: ChainVerifier, bytes: Buffer, device: TestDevice, name: string) =>
    verifier.check(openSegment(bytes, v.ctx(device, name)), name);
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
});
