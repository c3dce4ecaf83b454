import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { MAX_PAYLOAD } from './padding.js';
import { maxSealedBytes, ZERO_HASH } from './sealed-object.js';
import { openSegment, sealSegment } from './segment.js';
import { change, makeVault } from './test-fixtures.js';

const HLC = '001764500000000.00000.' + 'ab'.repeat(16);

function setup() {
  const v = makeVault();
  const seal = (vaultId: string = v.vaultId, value: unknown = 'Lease') =>
    sealSegment({
      vaultId,
      deviceId: v.a.deviceId,
      nameKey: v.nameKey,
      seq: 1,
      prevHash: ZERO_HASH,
      epoch: 1,
      contentKey: v.keys.get(1)!,
      signingKey: v.a.privateKey,
      changes: [change('d1', 'title', value, HLC)],
    });
  return { ...v, seal };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('sealed objects', () => {
  it('refuses an object larger than any of its kind before looking up a key or hashing it', () => {
    const v = setup();
    const { bytes, name } = v.seal();
    let lookedUp = 0;
    const ctx = { ...v.ctx(v.a, name), publicKeyOf: () => (lookedUp++, v.a.publicKey) };
    const huge = Buffer.concat([bytes, Buffer.alloc(maxSealedBytes('segment') - bytes.length + 1)]);
    const error = caught(() => openSegment(huge, ctx));
    expect(isLockleafError(error, 'SYNC_TAMPERED')).toBe(true);
    expect((error as { details?: unknown }).details).toEqual({ object: name, bytes: huge.length });
    expect(lookedUp).toBe(0);
    // The bound is what the largest payload of the kind can seal to, and no more than a few MiB for a segment.
    expect(maxSealedBytes('segment')).toBeGreaterThan(MAX_PAYLOAD.segment);
    expect(maxSealedBytes('segment')).toBeLessThan(6 * 1024 * 1024);
    expect(maxSealedBytes('snapshot')).toBeGreaterThan(MAX_PAYLOAD.snapshot);
  });

  it('does not seal a segment larger than a reader accepts', () => {
    const v = setup();
    expect(() => v.seal(v.vaultId, 'x'.repeat(MAX_PAYLOAD.segment))).toThrow(/too large/);
  });

  it('a vaultId is a UUID, the same vault whatever its case', () => {
    const v = setup();
    const upper = v.seal(v.vaultId.toUpperCase());
    expect(openSegment(upper.bytes, v.ctx(v.a, upper.name)).changes[0]?.value).toBe('Lease');
    const lower = v.seal();
    expect(
      openSegment(lower.bytes, { ...v.ctx(v.a, lower.name), vaultId: v.vaultId.toUpperCase() }).changes[0]?.value,
    ).toBe('Lease');
    for (const bad of ['', 'vault', `${v.vaultId}x`]) {
      expect(() => v.seal(bad)).toThrow(/UUID/);
      expect(() => openSegment(lower.bytes, { ...v.ctx(v.a, lower.name), vaultId: bad })).toThrow(/UUID/);
    }
  });

  it('opens only with an Ed25519 public key, as it seals only with an Ed25519 private key', () => {
    const v = setup();
    const { bytes, name } = v.seal();
    const withKey = (key: unknown) => ({ ...v.ctx(v.a, name), publicKeyOf: () => key as never });
    // A private key would verify too (Node derives its public half): a caller's mix-up, refused.
    expect(() => openSegment(bytes, withKey(v.a.privateKey))).toThrow(/Ed25519 public key/);
    expect(() => openSegment(bytes, withKey(generateKeyPairSync('x25519').publicKey))).toThrow(/Ed25519 public key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(() => openSegment(bytes, withKey(ec))).toThrow(/Ed25519 public key/);
    expect(openSegment(bytes, withKey(v.a.publicKey)).seq).toBe(1);
  });
});
