/**
 * The bytes of the keyring object in the bucket, format 1:
 *
 *   header (public, the AEAD's associated data):
 *     'LLRK' | u16 format | vaultId (16, the UUID's bytes) | u32 generation
 *     | u8 kdf alg (1 = argon2id) | u32 memoryKiB | u8 iterations | u8 parallelism
 *     | u8 salt length | salt
 *   sealed body: nonce(12) || AES-256-GCM(body) || tag(16)      (aead.ts)
 *   body: u32 current epoch | u32 count | count × (u32 epoch, 32-byte key)
 *     | 32-byte name key | 32-byte document-id key | 16-byte Secret Key check
 *
 * Binary so no key ever passes through a string. The header holds nothing
 * secret: it is what a new device needs to derive the KEK (salt, cost) and to
 * name the vault. `generation` goes up by one at every rewrap, so a device can
 * remember the highest it has seen and refuse a bucket rolled back to an older
 * keyring (an older passphrase, fewer epochs).
 *
 * The KDF cost in a header read from the bucket is capped (MAX_REMOTE_KDF)
 * before any Argon2 runs: the header is not authenticated until after the
 * KDF, so without a cap a hostile bucket could make a clone or an open run
 * Argon2 at 4 GiB (out of memory) or 100 passes (minutes).
 */
import { KEY_BYTES } from '../../crypto/aead.js';
import { DEFAULT_KDF, kdfParamsSchema, type KdfCost, type KdfParams } from '../../crypto/kdf.js';
import { LockleafError } from '../../errors.js';
import { SECRET_KEY_CHECK_BYTES } from './remote-kek.js';

export const REMOTE_KEYRING_MAGIC = Buffer.from('LLRK', 'ascii');
/** The newest format this code writes and reads. */
export const REMOTE_KEYRING_FORMAT = 1;
const ARGON2ID = 1;
const FIXED_HEADER = 4 + 2 + 16 + 4 + 1 + 4 + 1 + 1 + 1;
const MAX_EPOCHS = 100_000;

/**
 * The most a remote header may ask for: 4× the project's default memory,
 * passes and lanes (1 GiB, 12 passes, 8 lanes). Room for a later, raised
 * default without an update, while the worst case stays ~16× the default's
 * time (~8 s on the reference machine, not minutes) and within a laptop's
 * memory. Writing is held to the same cap, so no device seals a keyring
 * that another device running this code would refuse.
 */
export const MAX_REMOTE_KDF: KdfCost = {
  memoryKiB: 4 * DEFAULT_KDF.memoryKiB,
  iterations: 4 * DEFAULT_KDF.iterations,
  parallelism: 4 * DEFAULT_KDF.parallelism,
};

export interface RemoteKeyringHeader {
  formatVersion: number;
  vaultId: string;
  /** 1 when sync is set up; +1 at every rewrap. */
  generation: number;
  kdf: KdfParams;
}

export interface RemoteKeyringPayload {
  /** Content key per key epoch (32 bytes each). */
  epochs: Record<number, Buffer>;
  current: number;
  /** The key that makes the bucket's object names (32 bytes). */
  nameKey: Buffer;
  /** The key behind document ids for added files (32 bytes, merge/content-id.ts): shared by all devices, never rotated. */
  docIdKey: Buffer;
}

export function encodeHeader(header: RemoteKeyringHeader): Buffer {
  const kdf = kdfParamsSchema.parse(header.kdf);
  if (tooCostly(kdf)) throw new Error(`kdf cost above MAX_REMOTE_KDF: ${JSON.stringify(MAX_REMOTE_KDF)}`);
  const salt = Buffer.from(kdf.salt, 'base64');
  if (salt.length < 16 || salt.length > 255) throw new Error(`kdf salt must be 16..255 bytes, got ${salt.length}`);
  if (!Number.isInteger(header.generation) || header.generation < 1 || header.generation > 0xffffffff)
    throw new Error(`bad keyring generation ${header.generation}`);
  const out = Buffer.alloc(FIXED_HEADER + salt.length);
  REMOTE_KEYRING_MAGIC.copy(out, 0);
  out.writeUInt16BE(header.formatVersion, 4);
  uuidBytes(header.vaultId).copy(out, 6);
  out.writeUInt32BE(header.generation, 22);
  out[26] = ARGON2ID;
  out.writeUInt32BE(kdf.memoryKiB, 27);
  out[31] = kdf.iterations;
  out[32] = kdf.parallelism;
  out[33] = salt.length;
  salt.copy(out, FIXED_HEADER);
  return out;
}

/**
 * Splits an object read from the bucket into its header (checked, not yet
 * authenticated: the AEAD does that) and sealed body. Refuses, before any
 * KDF runs: not a Lockleaf keyring, a newer format, a damaged header, a
 * KDF cost above MAX_REMOTE_KDF.
 */
export function decodeEnvelope(bytes: Uint8Array): {
  header: RemoteKeyringHeader;
  headerBytes: Buffer;
  sealed: Buffer;
} {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 6 || !buf.subarray(0, 4).equals(REMOTE_KEYRING_MAGIC)) {
    throw new LockleafError(
      'SYNC_NOT_LOCKLEAF',
      'This bucket does not hold a Lockleaf vault (its key object is not one Lockleaf wrote). Check the bucket name; nothing was written.',
    );
  }
  const formatVersion = buf.readUInt16BE(4);
  if (formatVersion > REMOTE_KEYRING_FORMAT) {
    throw new LockleafError(
      'SYNC_NEWER_FORMAT',
      `This bucket was written by a newer version of Lockleaf (keyring format ${formatVersion}). Update Lockleaf on this device; nothing was written.`,
      { formatVersion },
    );
  }
  if (formatVersion < 1 || buf.length < FIXED_HEADER) throw damaged();
  const saltLength = buf[33] ?? 0;
  const headerLength = FIXED_HEADER + saltLength;
  if (buf[26] !== ARGON2ID || buf.length < headerLength) throw damaged();
  const cost = { memoryKiB: buf.readUInt32BE(27), iterations: buf[31] ?? 0, parallelism: buf[32] ?? 0 };
  if (tooCostly(cost)) {
    throw new LockleafError(
      'SYNC_KDF_TOO_COSTLY',
      "The bucket's key object asks for more memory or time to open than Lockleaf allows, so it was not tried. It may have been altered, or written by a newer version of Lockleaf; nothing was written.",
      { ...cost },
    );
  }
  const kdf = kdfParamsSchema.safeParse({
    alg: 'argon2id',
    ...cost,
    salt: buf.subarray(FIXED_HEADER, headerLength).toString('base64'),
  });
  if (!kdf.success || saltLength < 16) throw damaged();
  const generation = buf.readUInt32BE(22);
  if (generation < 1) throw damaged();
  return {
    header: { formatVersion, vaultId: uuidString(buf.subarray(6, 22)), generation, kdf: kdf.data },
    headerBytes: Buffer.from(buf.subarray(0, headerLength)),
    sealed: Buffer.from(buf.subarray(headerLength)),
  };
}

export function encodeBody(payload: RemoteKeyringPayload, check: Buffer): Buffer {
  const epochs = Object.entries(payload.epochs).map(([epoch, key]) => [Number(epoch), key] as const);
  if (!epochs.some(([epoch]) => epoch === payload.current)) throw new Error('the current epoch has no key');
  for (const [epoch, key] of epochs) {
    if (!Number.isInteger(epoch) || epoch < 1 || epoch > 0xffffffff) throw new Error(`bad key epoch ${epoch}`);
    if (key.length !== KEY_BYTES) throw new Error(`epoch ${epoch} key must be ${KEY_BYTES} bytes`);
  }
  if (payload.nameKey.length !== KEY_BYTES) throw new Error(`name key must be ${KEY_BYTES} bytes`);
  if (payload.docIdKey.length !== KEY_BYTES) throw new Error(`document-id key must be ${KEY_BYTES} bytes`);
  if (check.length !== SECRET_KEY_CHECK_BYTES) throw new Error('bad Secret Key check');
  const out = Buffer.alloc(8 + epochs.length * (4 + KEY_BYTES) + 2 * KEY_BYTES + SECRET_KEY_CHECK_BYTES);
  out.writeUInt32BE(payload.current, 0);
  out.writeUInt32BE(epochs.length, 4);
  let at = 8;
  for (const [epoch, key] of epochs.sort((a, b) => a[0] - b[0])) {
    out.writeUInt32BE(epoch, at);
    key.copy(out, at + 4);
    at += 4 + KEY_BYTES;
  }
  payload.nameKey.copy(out, at);
  payload.docIdKey.copy(out, at + KEY_BYTES);
  check.copy(out, at + 2 * KEY_BYTES);
  return out;
}

/** Reads an authenticated body; a malformed one is a bug in the writer (it passed the AEAD), so it throws plainly. */
export function decodeBody(body: Buffer): { payload: RemoteKeyringPayload; check: Buffer } {
  const count = body.length >= 8 ? body.readUInt32BE(4) : -1;
  if (
    count < 1 ||
    count > MAX_EPOCHS ||
    body.length !== 8 + count * (4 + KEY_BYTES) + 2 * KEY_BYTES + SECRET_KEY_CHECK_BYTES
  )
    throw new Error('remote keyring body has the wrong length');
  const current = body.readUInt32BE(0);
  const epochs: Record<number, Buffer> = {};
  let at = 8;
  for (let i = 0; i < count; i++) {
    epochs[body.readUInt32BE(at)] = Buffer.from(body.subarray(at + 4, at + 4 + KEY_BYTES));
    at += 4 + KEY_BYTES;
  }
  if (!epochs[current]) throw new Error('remote keyring has no key for its current epoch');
  const nameKey = Buffer.from(body.subarray(at, at + KEY_BYTES));
  const docIdKey = Buffer.from(body.subarray(at + KEY_BYTES, at + 2 * KEY_BYTES));
  const check = Buffer.from(body.subarray(at + 2 * KEY_BYTES));
  return { payload: { epochs, current, nameKey, docIdKey }, check };
}

/** Best effort: overwrite a payload's keys once done with them. */
export function destroyPayload(payload: RemoteKeyringPayload): void {
  for (const key of Object.values(payload.epochs)) key.fill(0);
  payload.nameKey.fill(0);
  payload.docIdKey.fill(0);
}

function tooCostly(cost: KdfCost): boolean {
  return (
    cost.memoryKiB > MAX_REMOTE_KDF.memoryKiB ||
    cost.iterations > MAX_REMOTE_KDF.iterations ||
    cost.parallelism > MAX_REMOTE_KDF.parallelism
  );
}

function damaged(): LockleafError {
  return new LockleafError(
    'SYNC_TAMPERED',
    "The bucket's key object is damaged (cut short or altered). Nothing was written.",
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(vaultId: string): Buffer {
  if (!UUID.test(vaultId)) throw new Error('vaultId must be a UUID');
  return Buffer.from(vaultId.replace(/-/g, ''), 'hex');
}

function uuidString(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
