/**
 * AES-256-GCM for small records (wrapped keys, secret fields). A sealed record
 * is `nonce(12) || ciphertext || tag(16)`. The associated data names what the
 * record is (e.g. `dockey:<id>`), so a ciphertext moved to another row or
 * field fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** Thrown when a ciphertext does not authenticate: wrong key, or tampered. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`AES-256 key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  checkKey(key);
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new AuthenticationError('sealed record is too short');
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = buf.subarray(0, NONCE_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch (cause) {
    throw new AuthenticationError('record failed authentication', { cause });
  }
}
