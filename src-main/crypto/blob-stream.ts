/**
 * Chunked AES-256-GCM streams for document bytes (the "STREAM" construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár, "Online authenticated-encryption").
 *
 * Layout: header(32) || chunk_0 || … || chunk_n. Every chunk is
 * `ciphertext || tag(16)`. Non-final chunks carry exactly CHUNK_SIZE bytes;
 * the final chunk carries `u32 length || data || zero padding` so that every
 * file's size is a whole number of chunks and its real size is hidden.
 *
 * Nonce of chunk i = prefix(7) || u32be(i) || finalFlag(1). The header is the
 * associated data of every chunk. Reordering changes i, truncation drops the
 * final flag, and chunks from another blob were sealed under another key and
 * prefix — each makes the tag check fail. No plaintext leaves a chunk before
 * its tag has been verified.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { KEY_BYTES, TAG_BYTES } from './aead.js';

export const CHUNK_SIZE = 64 * 1024;
const MAGIC = Buffer.from('LLBLOB01', 'ascii');
export const HEADER_BYTES = 32;
const PREFIX_BYTES = 7;
const LENGTH_BYTES = 4;
const SEALED_CHUNK = CHUNK_SIZE + TAG_BYTES;
const SEALED_FINAL = CHUNK_SIZE + LENGTH_BYTES + TAG_BYTES;

/** A blob that fails authentication or is malformed. */
export class BlobIntegrityError extends Error {
  override readonly name = 'BlobIntegrityError';
}

function nonceFor(prefix: Buffer, index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, PREFIX_BYTES);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

function makeHeader(prefix: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(CHUNK_SIZE, 8);
  prefix.copy(header, 12);
  return header;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error('blob key must be 32 bytes');
}

/** The ciphertext size of a plaintext of `size` bytes (for tests and estimates). */
export function sealedSize(size: number): number {
  const full = size === 0 ? 0 : Math.floor((size - 1) / CHUNK_SIZE);
  return HEADER_BYTES + full * SEALED_CHUNK + SEALED_FINAL;
}

export class EncryptStream extends Transform {
  private readonly prefix = randomBytes(PREFIX_BYTES);
  private readonly header = makeHeader(this.prefix);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  private readonly key: Buffer;

  /** Keeps its own copy of `key` (zeroed when the stream ends or is destroyed): the caller may zero its buffer at once. */
  constructor(key: Uint8Array) {
    super();
    checkKey(key);
    this.key = Buffer.from(key);
    this.push(this.header);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.key.fill(0);
    done(error);
  }

  private seal(plain: Buffer, final: boolean): Buffer {
    if (this.index > 0xffffffff) throw new Error('blob too large');
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index++, final));
    cipher.setAAD(this.header);
    const body = cipher.update(plain);
    cipher.final();
    return Buffer.concat([body, cipher.getAuthTag()]);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Emit only while more than one chunk is buffered: the last CHUNK_SIZE
    // bytes might be the final chunk, which is sealed differently.
    if (this.pendingBytes > CHUNK_SIZE) {
      let all: Buffer = Buffer.concat(this.pending);
      while (all.length > CHUNK_SIZE) {
        this.push(this.seal(all.subarray(0, CHUNK_SIZE), false));
        all = all.subarray(CHUNK_SIZE);
      }
      this.pending = [Buffer.from(all)];
      this.pendingBytes = all.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    const rest = Buffer.concat(this.pending);
    const final = Buffer.alloc(LENGTH_BYTES + CHUNK_SIZE);
    final.writeUInt32BE(rest.length, 0);
    rest.copy(final, LENGTH_BYTES);
    this.push(this.seal(final, true));
    this.pending = [];
    done();
  }
}

export class DecryptStream extends Transform {
  private header: Buffer | undefined;
  private prefix: Buffer | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  private readonly key: Buffer;

  /** Keeps its own copy of `key` (zeroed when the stream ends or is destroyed): the caller may zero its buffer at once. */
  constructor(key: Uint8Array) {
    super();
    checkKey(key);
    this.key = Buffer.from(key);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.key.fill(0);
    done(error);
  }

  private open(sealed: Buffer, final: boolean): Buffer {
    if (!this.header || !this.prefix) throw new BlobIntegrityError('blob header missing');
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index, final));
    decipher.setAAD(this.header);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
      this.index++;
      return plain;
    } catch {
      throw new BlobIntegrityError(`chunk ${this.index} failed authentication (tampered, reordered or truncated blob)`);
    }
  }

  private takeHeader(all: Buffer): Buffer {
    const header = all.subarray(0, HEADER_BYTES);
    if (!header.subarray(0, 8).equals(MAGIC)) throw new BlobIntegrityError('not a Lockleaf blob (bad magic)');
    if (header.readUInt32BE(8) !== CHUNK_SIZE) throw new BlobIntegrityError('unsupported blob chunk size');
    this.header = Buffer.from(header);
    this.prefix = Buffer.from(header.subarray(12, 12 + PREFIX_BYTES));
    return all.subarray(HEADER_BYTES);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // A chunk is known to be non-final once more bytes than a final chunk follow it.
    const threshold = (this.header ? 0 : HEADER_BYTES) + SEALED_FINAL;
    if (this.pendingBytes <= threshold) return done();
    try {
      let all: Buffer = Buffer.concat(this.pending);
      if (!this.header) all = this.takeHeader(all);
      while (all.length > SEALED_FINAL) {
        this.push(this.open(all.subarray(0, SEALED_CHUNK), false));
        all = all.subarray(SEALED_CHUNK);
      }
      this.pending = [Buffer.from(all)];
      this.pendingBytes = all.length;
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      let all: Buffer = Buffer.concat(this.pending);
      if (!this.header) {
        if (all.length < HEADER_BYTES) throw new BlobIntegrityError('blob is truncated (no header)');
        all = this.takeHeader(all);
      }
      if (all.length !== SEALED_FINAL) throw new BlobIntegrityError('blob is truncated');
      const final = this.open(all, true);
      const length = final.readUInt32BE(0);
      if (length > CHUNK_SIZE) throw new BlobIntegrityError('blob final chunk is malformed');
      this.push(final.subarray(LENGTH_BYTES, LENGTH_BYTES + length));
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}
