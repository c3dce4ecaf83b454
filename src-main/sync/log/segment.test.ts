import { randomBytes, randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { segmentName } from './names.js';
import { MIN_PADDED, padme } from './padding.js';
import { HEADER_BYTES, sha256Hex, ZERO_HASH } from './sealed-object.js';
import { openSegment, sealSegment } from './segment.js';
import type { Change } from '../merge/change.js';
import { change, makeVault } from './test-fixtures.js';

const HLC = '001764500000000.00000.' + 'ab'.repeat(16);

function setup() {
  const v = makeVault();
  const seal = (seq: number, changes: Change[], over: Partial<Parameters<typeof sealSegment>[0]> = {}) =>
    sealSegment({
      vaultId: v.vaultId,
      deviceId: v.a.deviceId,
      nameKey: v.nameKey,
      seq,
      prevHash: ZERO_HASH,
      epoch: 1,
      contentKey: v.keys.get(1)!,
      signingKey: v.a.privateKey,
      changes,
      ...over,
    });
  return { ...v, seal };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isLockleafError(error)) return error.code;
    throw error;
  }
  return 'opened';
}

describe('sealed change-log segments', () => {
  it('round-trip: the changes, seq, epoch and chain link come back; hash is the SHA-256 of the object', () => {
    const v = setup();
    const changes = [change('d1', 'title', 'Lease', HLC), change('d1', 'tags', ['home', 'contract'], HLC)];
    const first = v.seal(1, changes);
    expect(first.name).toBe(segmentName(v.nameKey, v.a.deviceId, 1));
    expect(first.hash).toBe(sha256Hex(first.bytes));
    const second = v.seal(2, [], { prevHash: first.hash, epoch: 2, contentKey: v.keys.get(2)! });
    const opened = openSegment(first.bytes, v.ctx(v.a, first.name));
    expect(opened).toMatchObject({ seq: 1, epoch: 1, prevHash: ZERO_HASH, changes, hash: first.hash });
    expect(openSegment(second.bytes, v.ctx(v.a, second.name))).toMatchObject({
      seq: 2,
      epoch: 2,
      prevHash: first.hash,
      changes: [],
    });
  });

  it('a changed bit anywhere is refused, with the code of the part it hit', () => {
    const v = setup();
    const { bytes, name } = v.seal(1, [change('d1', 'title', 'Lease', HLC)]);
    const seen = new Map<string, number>();
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      const code = codeOf(() => openSegment(copy, v.ctx(v.a, name)));
      // Magic → not ours; format byte 1→0 and kind → malformed; the device tag → another device's; the rest: the signature.
      const want = i < 4 ? 'SYNC_NOT_LOCKLEAF' : i >= 20 && i < 28 ? 'SYNC_SWAPPED' : 'SYNC_TAMPERED';
      expect(code, `byte ${i}`).toBe(want);
      seen.set(code, (seen.get(code) ?? 0) + 1);
    }
    expect(seen.get('SYNC_TAMPERED')).toBe(bytes.length - 12);
    expect(codeOf(() => openSegment(bytes.subarray(0, bytes.length - 1), v.ctx(v.a, name)))).toBe('SYNC_TAMPERED');
    expect(codeOf(() => openSegment(bytes.subarray(0, HEADER_BYTES), v.ctx(v.a, name)))).toBe('SYNC_TAMPERED');
  });

  it('an object renamed to another seq of its device is refused as a replay', () => {
    const v = setup();
    const one = v.seal(1, [change('d1', 'title', 'Old', HLC)]);
    const two = v.seal(2, [change('d1', 'title', 'New', HLC)], { prevHash: one.hash });
    expect(codeOf(() => openSegment(one.bytes, v.ctx(v.a, two.name)))).toBe('SYNC_REPLAY');
    expect(codeOf(() => openSegment(two.bytes, v.ctx(v.a, one.name)))).toBe('SYNC_REPLAY');
  });

  it("another device's object, or one from another prefix, is refused as swapped", () => {
    const v = setup();
    const mine = v.seal(1, []);
    const theirs = sealSegment({
      vaultId: v.vaultId,
      deviceId: v.b.deviceId,
      nameKey: v.nameKey,
      seq: 1,
      prevHash: ZERO_HASH,
      epoch: 1,
      contentKey: v.keys.get(1)!,
      signingKey: v.b.privateKey,
      changes: [],
    });
    expect(codeOf(() => openSegment(theirs.bytes, v.ctx(v.a, mine.name)))).toBe('SYNC_SWAPPED');
    expect(codeOf(() => openSegment(mine.bytes, v.ctx(v.b, theirs.name)))).toBe('SYNC_SWAPPED');
    expect(openSegment(theirs.bytes, v.ctx(v.b, theirs.name)).seq).toBe(1);
  });

  it('a segment signed with another device’s key is refused', () => {
    const v = setup();
    const forged = v.seal(1, [change('d1', 'title', 'Forged', HLC)], { signingKey: v.b.privateKey });
    expect(codeOf(() => openSegment(forged.bytes, v.ctx(v.a, forged.name)))).toBe('SYNC_TAMPERED');
    const unknown = { ...v.ctx(v.a, forged.name), publicKeyOf: () => undefined };
    expect(codeOf(() => openSegment(v.seal(1, []).bytes, unknown))).toBe('SYNC_TAMPERED');
  });

  it('the wrong key for its epoch, no key for it, or another vault: refused before any change is read', () => {
    const v = setup();
    const { bytes, name } = v.seal(1, [change('d1', 'title', 'Lease', HLC)]);
    const wrongKey = { ...v.ctx(v.a, name), keyFor: () => randomBytes(32) };
    expect(codeOf(() => openSegment(bytes, wrongKey))).toBe('SYNC_KEY_UNAVAILABLE');
    expect(codeOf(() => openSegment(bytes, { ...v.ctx(v.a, name), keyFor: () => undefined }))).toBe(
      'SYNC_KEY_UNAVAILABLE',
    );
    // Epoch 2's key for an epoch-1 object.
    expect(codeOf(() => openSegment(bytes, { ...v.ctx(v.a, name), keyFor: () => v.keys.get(2) }))).toBe(
      'SYNC_KEY_UNAVAILABLE',
    );
    expect(codeOf(() => openSegment(bytes, { ...v.ctx(v.a, name), vaultId: randomUUID() }))).toBe(
      'SYNC_KEY_UNAVAILABLE',
    );
  });

  it('a newer format is named as such; bytes that are not a Lockleaf object too', () => {
    const v = setup();
    const { bytes, name } = v.seal(1, []);
    for (const format of [2, 255]) {
      const newer = Buffer.from(bytes);
      newer[4] = format;
      const error = (() => {
        try {
          openSegment(newer, v.ctx(v.a, name));
        } catch (e) {
          return e as Error;
        }
      })();
      expect(isLockleafError(error, 'SYNC_NEWER_FORMAT')).toBe(true);
      expect(error?.message).toMatch(/newer Lockleaf/);
    }
    for (const junk of [Buffer.alloc(0), Buffer.from('PK\x03\x04rest'), randomBytes(5000), Buffer.from('LLS')])
      expect(codeOf(() => openSegment(junk, v.ctx(v.a, name)))).toBe('SYNC_NOT_LOCKLEAF');
  });

  it('padding hides sizes: 10 and 900 bytes of changes seal to the same size; large ones to a Padmé bucket', () => {
    const v = setup();
    const c = (value: string) => change('d1', 'title', value, HLC);
    const small = v.seal(1, [c('x'.repeat(8))]);
    const large = v.seal(1, [c(randomBytes(450).toString('hex'))]);
    expect(JSON.stringify(['x'.repeat(8)]).length).toBe(12);
    expect(JSON.stringify([randomBytes(450).toString('hex')]).length).toBe(904);
    expect(large.bytes.length).toBe(small.bytes.length);
    expect(small.bytes.length).toBe(HEADER_BYTES + 12 + MIN_PADDED + 16 + 64);
    // Incompressible text well past the floor lands on a Padmé size, not its own.
    const big = v.seal(1, [c(randomBytes(30_000).toString('base64'))]);
    const padded = big.bytes.length - HEADER_BYTES - 12 - 16 - 64;
    expect(padded).toBe(padme(padded));
    expect(padded).toBeGreaterThanOrEqual(30_000);
    expect(padded % 1024).toBe(0);
    const nearby = v.seal(1, [c(randomBytes(29_800).toString('base64'))]);
    expect(nearby.bytes.length).toBe(big.bytes.length);
  });

  it('no plaintext marker (UTF-8, UTF-16LE, base64), deviceId or vaultId appears in a sealed segment or its name', () => {
    const v = setup();
    const marker = 'Marker Quarterly Tax Return 7f3a91';
    // Repeated, so a compressor that leaked anything literal would still show it.
    const changes = Array.from({ length: 40 }, (_, i) => change(`d${i}`, 'title', `${marker} ${i}`, HLC));
    changes.push(change('d1', 'tags', [marker], HLC), change('d1', 'fileName', `${marker}.pdf`, HLC));
    const sealed = v.seal(1, changes);
    const text = Buffer.from(marker, 'utf8');
    const forms = [
      text,
      Buffer.from(marker, 'utf16le'),
      // Every base64 alignment of the marker, minus the edge characters that depend on its neighbours.
      ...[0, 1, 2].map((shift) => {
        const b64 = Buffer.concat([Buffer.alloc(shift), text]).toString('base64');
        return Buffer.from(b64.slice(Math.ceil((shift * 4) / 3) + 1, -4), 'ascii');
      }),
      Buffer.from(v.a.deviceId, 'hex'),
      Buffer.from(v.a.deviceId, 'ascii'),
      Buffer.from(v.vaultId, 'ascii'),
    ];
    for (const form of forms) {
      expect(form.length).toBeGreaterThan(8);
      expect(sealed.bytes.includes(form), form.toString('latin1')).toBe(false);
      expect(sealed.name.includes(form.toString('latin1'))).toBe(false);
    }
    expect(sealed.name).not.toContain(v.a.deviceId.slice(0, 12));
    // Deflate alone would hide a literal marker too, so check the body is ciphertext: it does not inflate,
    // and the same changes sealed again share no more bytes than chance.
    const body = (b: Buffer) => b.subarray(HEADER_BYTES + 12, b.length - 64 - 16);
    let inflated: Buffer | undefined;
    try {
      inflated = inflateRawSync(body(sealed.bytes).subarray(4));
    } catch {
      inflated = undefined;
    }
    expect(inflated?.includes(text) ?? false).toBe(false);
    const again = body(v.seal(1, changes).bytes);
    const same = body(sealed.bytes).reduce((n, byte, i) => n + (byte === again[i] ? 1 : 0), 0);
    expect(same).toBeLessThan(again.length / 64);
    expect(openSegment(sealed.bytes, v.ctx(v.a, sealed.name)).changes).toEqual(changes);
  });
});
