import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, DecryptStream, EncryptStream, HEADER_BYTES, sealedSize } from './blob-stream.js';

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** Feeds `data` in irregular pieces to exercise chunk boundaries. */
function pieces(data: Buffer, size = 10_007): Readable {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return Readable.from(out);
}

const encrypt = (key: Buffer, data: Buffer) => collect(pieces(data).pipe(new EncryptStream(key)));
const decrypt = (key: Buffer, data: Buffer) => collect(pieces(data, 7_001).pipe(new DecryptStream(key)));

describe('chunked AES-256-GCM blob streams', () => {
  const key = randomBytes(32);

  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 5])(
    'round-trips %i bytes with a chunk-rounded size',
    async (n) => {
      const data = randomBytes(n);
      const sealed = await encrypt(key, data);
      expect(sealed.length).toBe(sealedSize(n));
      expect((sealed.length - HEADER_BYTES - (CHUNK_SIZE + 20)) % (CHUNK_SIZE + 16)).toBe(0);
      expect((await decrypt(key, sealed)).equals(data)).toBe(true);
    },
  );

  it('hides the exact size: 1 byte and 60 KB seal to the same length', async () => {
    expect((await encrypt(key, randomBytes(1))).length).toBe((await encrypt(key, randomBytes(60_000))).length);
  });

  it('refuses a flipped byte', async () => {
    const sealed = await encrypt(key, randomBytes(2 * CHUNK_SIZE));
    sealed[HEADER_BYTES + 100]! ^= 1;
    await expect(decrypt(key, sealed)).rejects.toThrow(/failed authentication/);
  });

  it('refuses a truncated blob, even at a chunk boundary', async () => {
    const sealed = await encrypt(key, randomBytes(3 * CHUNK_SIZE));
    await expect(decrypt(key, sealed.subarray(0, sealed.length - 1))).rejects.toThrow();
    // Drop the final chunk entirely: what is left looks whole but lacks the final flag.
    expect(sealed.length).toBe(HEADER_BYTES + 2 * (CHUNK_SIZE + 16) + CHUNK_SIZE + 20);
    const withoutFinal = sealed.subarray(0, HEADER_BYTES + 2 * (CHUNK_SIZE + 16));
    await expect(decrypt(key, withoutFinal)).rejects.toThrow();
  });

  it('refuses reordered chunks', async () => {
    const sealed = await encrypt(key, randomBytes(3 * CHUNK_SIZE));
    const c = CHUNK_SIZE + 16;
    const a = sealed.subarray(HEADER_BYTES, HEADER_BYTES + c);
    const b = sealed.subarray(HEADER_BYTES + c, HEADER_BYTES + 2 * c);
    const swapped = Buffer.concat([sealed.subarray(0, HEADER_BYTES), b, a, sealed.subarray(HEADER_BYTES + 2 * c)]);
    await expect(decrypt(key, swapped)).rejects.toThrow(/chunk 0 failed authentication/);
  });

  it('refuses chunks spliced in from another blob under the same key', async () => {
    const one = await encrypt(key, randomBytes(2 * CHUNK_SIZE));
    const two = await encrypt(key, randomBytes(2 * CHUNK_SIZE));
    const c = CHUNK_SIZE + 16;
    const spliced = Buffer.concat([one.subarray(0, HEADER_BYTES + c), two.subarray(HEADER_BYTES + c)]);
    await expect(decrypt(key, spliced)).rejects.toThrow(/failed authentication/);
  });

  it('refuses the wrong key and foreign bytes', async () => {
    const sealed = await encrypt(key, randomBytes(100));
    await expect(decrypt(randomBytes(32), sealed)).rejects.toThrow(/failed authentication/);
    await expect(decrypt(key, Buffer.from('%PDF-1.7 not a blob'))).rejects.toThrow(/truncated|bad magic/);
  });

  it('emits nothing from a chunk before its tag is checked', async () => {
    const sealed = await encrypt(key, Buffer.alloc(2 * CHUNK_SIZE + 10, 0x41));
    sealed[sealed.length - 1]! ^= 1; // damage the final chunk's tag only
    const received: Buffer[] = [];
    const stream = pieces(sealed).pipe(new DecryptStream(key));
    await expect(
      (async () => {
        for await (const p of stream) received.push(p as Buffer);
      })(),
    ).rejects.toThrow();
    // The two intact full chunks may be released; the final, damaged one never is.
    expect(Buffer.concat(received).length).toBeLessThanOrEqual(2 * CHUNK_SIZE);
  });

  it('keeps its own copy of the key: the caller zeroes its buffer at once, the copy is zeroed when the stream ends', async () => {
    const data = randomBytes(CHUNK_SIZE + 3);
    const callerKey = Buffer.from(key);
    const enc = new EncryptStream(callerKey);
    callerKey.fill(0);
    const sealed = await collect(pieces(data).pipe(enc));
    const dec = new DecryptStream(Buffer.from(key));
    const plain = await collect(pieces(sealed).pipe(dec));
    expect(plain.equals(data)).toBe(true);
    // The streams' private copies (read through a cast: nothing else exposes them).
    for (const s of [enc, dec]) expect((s as unknown as { key: Buffer }).key.equals(Buffer.alloc(32))).toBe(true);

    const failing = new DecryptStream(Buffer.from(key));
    await expect(collect(pieces(Buffer.from('%PDF-1.7 not a blob')).pipe(failing))).rejects.toThrow();
    expect((failing as unknown as { key: Buffer }).key.equals(Buffer.alloc(32))).toBe(true);
  });
});
