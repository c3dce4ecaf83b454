/**
 * Two-secret key derivation (1Password's 2SKD): the key that wraps the keyring
 * in the bucket comes from the passphrase **and** the 128-bit Secret Key, so a
 * stolen bucket cannot be attacked by guessing the passphrase alone: every
 * guess would also need 128 unknown bits.
 *
 *   P   = Argon2id(passphrase, kdf)                      (kdf.ts, params stored in the envelope header)
 *   S   = HKDF-SHA256(secretKey, salt = vaultId, info = 'lockleaf/secret-key/v1')
 *   KEK = HKDF-SHA256(P || S, salt = kdf.salt, info = 'lockleaf/remote-kek/v1')
 *
 * Why HKDF over the concatenation rather than 1Password's XOR: both give a
 * key as strong as the stronger half, but HKDF's extract step needs no care
 * about the halves' structure (a bug that made P and S equal would make an
 * XOR all zeros; HKDF still hides them both), and its info string separates
 * this key from every other use of either half. The cost is one more HMAC.
 */
import { hkdfSync } from 'node:crypto';
import { deriveKey, type KdfParams } from '../../crypto/kdf.js';
import { KEY_BYTES } from '../../crypto/aead.js';
import { SECRET_KEY_BYTES } from './secret-key.js';

const SECRET_KEY_INFO = 'lockleaf/secret-key/v1';
const KEK_INFO = 'lockleaf/remote-kek/v1';
const SECRET_KEY_CHECK_INFO = 'lockleaf/secret-key-check/v1';
export const SECRET_KEY_CHECK_BYTES = 16;

export interface RemoteKekInput {
  passphrase: string;
  secretKey: Uint8Array;
  /** Argon2id cost and salt, as stored in the envelope's header. */
  kdf: KdfParams;
  vaultId: string;
}

/** The caller zeroes the result. */
export async function deriveRemoteKek(input: RemoteKekInput): Promise<Buffer> {
  checkSecretKey(input.secretKey);
  const p = await deriveKey(input.passphrase, input.kdf);
  const s = secretKeyHalf(input.secretKey, input.vaultId);
  const both = Buffer.concat([p, s]);
  p.fill(0);
  s.fill(0);
  try {
    return hkdf(both, Buffer.from(input.kdf.salt, 'base64'), KEK_INFO, KEY_BYTES);
  } finally {
    both.fill(0);
  }
}

/**
 * A value sealed inside the keyring that shows a Secret Key is the one the
 * keyring was made with, for a rewrap that holds the KEK but not the old
 * passphrase (so it cannot prove the Secret Key by deriving). Only readable
 * once the keyring is open, so it gives a bucket thief nothing to test.
 */
export function secretKeyCheck(secretKey: Uint8Array, vaultId: string): Buffer {
  checkSecretKey(secretKey);
  return hkdf(secretKey, vaultIdSalt(vaultId), SECRET_KEY_CHECK_INFO, SECRET_KEY_CHECK_BYTES);
}

function secretKeyHalf(secretKey: Uint8Array, vaultId: string): Buffer {
  return hkdf(secretKey, vaultIdSalt(vaultId), SECRET_KEY_INFO, KEY_BYTES);
}

/** The UUID's text in lower case, as the envelope header gives it back. */
function vaultIdSalt(vaultId: string): Buffer {
  return Buffer.from(vaultId.toLowerCase(), 'utf8');
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string, length: number): Buffer {
  // hkdfSync returns a fresh ArrayBuffer: the Buffer views it, so zeroing the Buffer zeroes it.
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'utf8'), length));
}

function checkSecretKey(secretKey: Uint8Array): void {
  if (secretKey.length !== SECRET_KEY_BYTES)
    throw new Error(`a Secret Key is ${SECRET_KEY_BYTES} bytes, got ${secretKey.length}`);
}
