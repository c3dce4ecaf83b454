/**
 * The Secret Key: 128 random bits made when sync is set up, the second secret
 * (with the passphrase) behind the key that wraps the keyring in the bucket.
 * A person types it only on a new device, from the emergency kit, so its
 * written form is built for typing:
 *
 *   LL1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX
 *
 * `LL` + the format version, then 30 Crockford base32 symbols (0-9, A-Z
 * without I, L, O, U; case-insensitive, O read as 0 and I/L as 1, hyphens and
 * spaces ignored): 26 carry the key (130 bits, the top 2 zero), 4 a check.
 *
 * The check is the ISO 7064 (IBAN mod 97) construction with a larger prime:
 * the 4 check symbols are chosen so that the whole 30-symbol string, read as a
 * base-32 number, is 1 modulo P = 1 048 573 (the largest prime below 2^20).
 * Any single changed symbol adds d·32^k (0 < |d| < 32) and any two swapped
 * symbols add (a−b)·32^i·(32^k − 1) with k < 30; P divides neither (P > 32,
 * and 32 is a primitive root mod P, so 32^k ≠ 1 for 0 < k < P−1). So every
 * such typo is caught, and any other one with odds of about 1 in a million,
 * before a KDF runs and before the person waits on a wrong "passphrase or
 * Secret Key" answer.
 */
import { randomBytes } from 'node:crypto';
import { LockleafError } from '../../errors.js';

export const SECRET_KEY_BYTES = 16;
export const SECRET_KEY_VERSION = 1;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = 26;
const CHECK_SYMBOLS = 4;
const SYMBOLS = DATA_SYMBOLS + CHECK_SYMBOLS;
const PRIME = 1_048_573;
const PREFIX = 'LL';
const GROUP = 5;

export function newSecretKey(): Buffer {
  return randomBytes(SECRET_KEY_BYTES);
}

/** The kit's form: `LL1-` and six groups of five symbols. */
export function formatSecretKey(key: Uint8Array): string {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`a Secret Key is ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  const symbols = new Uint8Array(SYMBOLS);
  try {
    packBits(key, symbols);
    // Choose the check so the whole string is 1 mod PRIME.
    let rest = residue(symbols.subarray(0, DATA_SYMBOLS));
    for (let i = 0; i < CHECK_SYMBOLS; i++) rest = (rest * 32) % PRIME;
    let check = (1 - rest + PRIME) % PRIME;
    for (let i = SYMBOLS - 1; i >= DATA_SYMBOLS; i--) {
      symbols[i] = check % 32;
      check = Math.floor(check / 32);
    }
    const groups: string[] = [];
    for (let at = 0; at < SYMBOLS; at += GROUP) {
      groups.push(Array.from(symbols.subarray(at, at + GROUP), (s) => ALPHABET[s]).join(''));
    }
    return `${PREFIX}${SECRET_KEY_VERSION}-${groups.join('-')}`;
  } finally {
    symbols.fill(0);
  }
}

/**
 * The key a person typed, or SECRET_KEY_INVALID naming what is wrong (never
 * echoing what was typed). The `LL1` prefix may be left out.
 */
export function parseSecretKey(text: string): Buffer {
  const compact = text.toUpperCase().replace(/[\s-]+/g, '');
  let body = compact;
  if (compact.length === SYMBOLS + PREFIX.length + 1 && compact.startsWith(PREFIX)) {
    const version = symbolValue(compact[PREFIX.length] ?? '');
    if (version !== SECRET_KEY_VERSION) {
      throw invalid(
        'This Secret Key does not start with "LL1": it is mistyped, or was made by a newer version of Lockleaf.',
      );
    }
    body = compact.slice(PREFIX.length + 1);
  }
  if (body.length !== SYMBOLS) {
    throw invalid(
      `A Secret Key has ${SYMBOLS} letters and digits after "LL1-" (this has ${body.length}). Copy it again from the emergency kit.`,
    );
  }
  const symbols = new Uint8Array(SYMBOLS);
  try {
    for (let i = 0; i < SYMBOLS; i++) {
      const value = symbolValue(body[i] ?? '');
      if (value === undefined) {
        throw invalid(
          `Character ${i + 1} after "LL1-" is not one a Secret Key uses (digits and letters except U). Check the emergency kit.`,
        );
      }
      symbols[i] = value;
    }
    let check = 0;
    for (let i = DATA_SYMBOLS; i < SYMBOLS; i++) check = check * 32 + (symbols[i] ?? 0);
    // The top 2 of the 130 data bits are zero; the check is below PRIME; the whole is 1 mod PRIME.
    if ((symbols[0] ?? 0) > 7 || check >= PRIME || residue(symbols) !== 1) {
      throw invalid('This Secret Key has a typo (its check does not match). Compare it with the emergency kit.');
    }
    return unpackBits(symbols);
  } finally {
    symbols.fill(0);
  }
}

function invalid(message: string): LockleafError {
  return new LockleafError('SECRET_KEY_INVALID', message);
}

/** Crockford's reading: case-insensitive, O as 0, I and L as 1; U and the rest refused. */
function symbolValue(char: string): number | undefined {
  const c = char === 'O' ? '0' : char === 'I' || char === 'L' ? '1' : char;
  const value = ALPHABET.indexOf(c);
  return c.length === 1 && value >= 0 ? value : undefined;
}

/** The symbols read as one base-32 number, modulo PRIME (Horner; stays below 2^26). */
function residue(symbols: Uint8Array): number {
  let r = 0;
  for (const s of symbols) r = (r * 32 + s) % PRIME;
  return r;
}

/** 128 bits big-endian behind 2 zero bits, into 26 five-bit symbols. */
function packBits(key: Uint8Array, out: Uint8Array): void {
  let acc = 0;
  let bits = 2; // the two leading zero bits
  let at = 0;
  for (const byte of key) {
    acc = ((acc << 8) | byte) & 0x1fff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out[at++] = (acc >> bits) & 31;
    }
  }
}

function unpackBits(symbols: Uint8Array): Buffer {
  const key = Buffer.alloc(SECRET_KEY_BYTES);
  let acc = 0;
  let bits = -2; // drop the two leading zero bits
  let at = 0;
  for (let i = 0; i < DATA_SYMBOLS; i++) {
    acc = ((acc << 5) | (symbols[i] ?? 0)) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      key[at++] = (acc >> bits) & 0xff;
    }
  }
  return key;
}
