/**
 * One sealed change-log object (a segment or a snapshot part):
 *
 *   header(60) || nonce(12) || AES-256-GCM ciphertext || tag(16) || Ed25519 signature(64)
 *
 * header = "LLSY" | format u8 | kind u8 | epoch u32 | seq u48 | part u16 |
 *          parts u16 | device tag(8) | prevHash(32)
 *
 * The header is in clear because an opener needs it before it can decrypt
 * (which epoch key, whose public key), and holds only what the bucket already
 * knows: the device tag and seq are in the object's name, prevHash is the
 * hash of another object in the bucket. The deviceId itself is never written.
 *
 * Three bindings, checked in this order so each failure gets its own name:
 * 1. the author's signature over SHA-256(header || sealed record) — the bytes
 *    are exactly what that device wrote (signed authors: sharing needs them);
 * 2. the name, recomputed from the signed header — an authentic object of the
 *    device served under another of its names is a replay;
 * 3. the AEAD's associated data = header, name, vaultId, deviceId — defence
 *    in depth: the ciphertext opens under its own name and vault only.
 */
import { createHash, hkdfSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { AuthenticationError, NONCE_BYTES, TAG_BYTES, open, seal } from '../../crypto/aead.js';
import { LockleafError } from '../../errors.js';
import { deviceTag } from './names.js';
import { maxPadded, pack, unpack } from './padding.js';

export const MAGIC = Buffer.from('LLSY', 'ascii');
export const FORMAT = 1;
export const HEADER_BYTES = 60;
export const SIGNATURE_BYTES = 64;
export const ZERO_HASH = '0'.repeat(64);
const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Kind = 'segment' | 'snapshot';
const KIND_BYTE: Record<Kind, number> = { segment: 1, snapshot: 2 };

export interface Header {
  format: number;
  kind: Kind;
  epoch: number;
  seq: number;
  part: number;
  parts: number;
  deviceTag: Buffer;
  prevHash: string;
}

export interface SealInput {
  kind: Kind;
  name: string;
  vaultId: string;
  deviceId: string;
  nameKey: Uint8Array;
  epoch: number;
  seq: number;
  part: number;
  parts: number;
  prevHash: string;
  /** The epoch's content key. Not kept, not zeroed: it belongs to the caller. */
  contentKey: Uint8Array;
  /** The author device's Ed25519 private key. */
  signingKey: KeyObject;
  payload: unknown;
}

export interface SealedObject {
  name: string;
  bytes: Buffer;
  /** SHA-256 of `bytes`, hex: the next segment's `prevHash`. */
  hash: string;
}

export interface OpenContext {
  /** The key the bytes were read from. */
  name: string;
  vaultId: string;
  /** The device whose prefix `name` is under. */
  deviceId: string;
  nameKey: Uint8Array;
  /** The content key of `epoch`, or undefined when this device has none. Not kept, not zeroed. */
  keyFor(epoch: number): Uint8Array | undefined;
  publicKeyOf(deviceId: string): KeyObject | undefined;
}

export interface OpenedObject {
  header: Header;
  payload: unknown;
  hash: string;
}

const refuse = (code: ConstructorParameters<typeof LockleafError>[0], message: string, name: string): LockleafError =>
  new LockleafError(code, message, { object: name });

function encodeHeader(h: Omit<Header, 'format'>): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(out, 0);
  out[4] = FORMAT;
  out[5] = KIND_BYTE[h.kind];
  out.writeUInt32BE(h.epoch, 6);
  out.writeUIntBE(h.seq, 10, 6);
  out.writeUInt16BE(h.part, 16);
  out.writeUInt16BE(h.parts, 18);
  h.deviceTag.copy(out, 20);
  Buffer.from(h.prevHash, 'hex').copy(out, 28);
  return out;
}

/** Reads the clear header; refuses what is not ours or is newer than this code. */
export function readHeader(bytes: Buffer, name: string): Header {
  if (bytes.length < 5 || !bytes.subarray(0, 4).equals(MAGIC))
    throw refuse('SYNC_NOT_LOCKLEAF', 'An object in the bucket is not a Lockleaf sync object.', name);
  const format = bytes[4]!;
  if (format > FORMAT)
    throw refuse(
      'SYNC_NEWER_FORMAT',
      'The bucket holds data written by a newer Lockleaf. Update Lockleaf on this device, then sync again.',
      name,
    );
  const kind = bytes[5] === 1 ? 'segment' : bytes[5] === 2 ? 'snapshot' : undefined;
  if (format < 1 || !kind || bytes.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES + SIGNATURE_BYTES)
    throw refuse('SYNC_TAMPERED', 'A sync object in the bucket is damaged or was altered. Nothing was changed.', name);
  return {
    format,
    kind,
    epoch: bytes.readUInt32BE(6),
    seq: bytes.readUIntBE(10, 6),
    part: bytes.readUInt16BE(16),
    parts: bytes.readUInt16BE(18),
    deviceTag: Buffer.from(bytes.subarray(20, 28)),
    prevHash: bytes.subarray(28, HEADER_BYTES).toString('hex'),
  };
}

/**
 * The largest sealed object of `kind` this code writes. The opener refuses a
 * larger one before hashing or verifying it; the engine can refuse one from
 * a listing's size before downloading it.
 */
export function maxSealedBytes(kind: Kind): number {
  return HEADER_BYTES + NONCE_BYTES + maxPadded(kind) + TAG_BYTES + SIGNATURE_BYTES;
}

/**
 * The vaultId goes into the key derivation and the associated data, so one
 * vault must have exactly one spelling: a UUID, lower-cased (an upper-case
 * copy would otherwise derive another key and fail as a wrong key).
 */
function normaliseVaultId(vaultId: string): string {
  if (typeof vaultId !== 'string' || !UUID.test(vaultId)) throw new Error('vaultId must be a UUID');
  return vaultId.toLowerCase();
}

function aad(header: Buffer, name: string, vaultId: string, deviceId: string): string {
  return JSON.stringify(['lockleaf/sync/object/v1', header.toString('hex'), name, vaultId, deviceId]);
}

function signedDigest(headerAndRecord: Buffer): Buffer {
  const digest = createHash('sha256').update(headerAndRecord).digest();
  return Buffer.concat([Buffer.from('lockleaf/sync/signature/v1\0', 'utf8'), digest]);
}

/** A key for the change log only, so the epoch key is never used raw here. The caller zeroes it. */
function logKey(contentKey: Uint8Array, vaultId: string): Buffer {
  if (contentKey.length !== 32) throw new Error('content key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', contentKey, Buffer.from(vaultId, 'utf8'), 'lockleaf/sync/log/v1', 32));
}

export function sealObject(input: SealInput): SealedObject {
  const vaultId = normaliseVaultId(input.vaultId);
  if (!HASH.test(input.prevHash)) throw new Error('prevHash must be 64 hex chars');
  if (!Number.isInteger(input.epoch) || input.epoch < 1 || input.epoch > 0xffffffff) throw new Error('invalid epoch');
  if (input.signingKey.asymmetricKeyType !== 'ed25519' || input.signingKey.type !== 'private')
    throw new Error('signing key must be an Ed25519 private key');
  const header = encodeHeader({ ...input, deviceTag: deviceTag(input.nameKey, input.deviceId) });
  const plaintext = pack(input.payload, input.kind);
  const key = logKey(input.contentKey, vaultId);
  try {
    const record = seal(key, plaintext, aad(header, input.name, vaultId, input.deviceId));
    const body = Buffer.concat([header, record]);
    const signature = sign(null, signedDigest(body), input.signingKey);
    const bytes = Buffer.concat([body, signature]);
    return { name: input.name, bytes, hash: sha256Hex(bytes) };
  } finally {
    key.fill(0);
    plaintext.fill(0);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Opens `bytes` read from `ctx.name`, which `expectedName(header)` must give
 * back; `expectedName` returns undefined for a header no correct device
 * writes (a seq or part out of range), refused as tampered. Throws a named
 * error, before anything is decrypted where it can.
 */
export function openObject(
  bytes: Uint8Array,
  kind: Kind,
  ctx: OpenContext,
  expectedName: (header: Header) => string | undefined,
): OpenedObject {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { name, deviceId } = ctx;
  const vaultId = normaliseVaultId(ctx.vaultId);
  const header = readHeader(buf, name);
  // Before any hashing: a hostile member's huge object costs no more than reading its header.
  if (buf.length > maxSealedBytes(kind))
    throw new LockleafError(
      'SYNC_TAMPERED',
      `A sync object in the bucket is larger than any Lockleaf writes (${buf.length} bytes). Nothing was changed.`,
      { object: name, bytes: buf.length },
    );
  if (header.kind !== kind || !timingSafeEqual(header.deviceTag, deviceTag(ctx.nameKey, deviceId)))
    throw refuse(
      'SYNC_SWAPPED',
      `The bucket served another ${header.kind === kind ? "device's" : 'kind of'} object in place of this one. Nothing was changed.`,
      name,
    );
  const publicKey = ctx.publicKeyOf(deviceId);
  // As sealObject checks its key: verify() would take an RSA or EC key and its own digest rules.
  if (publicKey && (publicKey.asymmetricKeyType !== 'ed25519' || publicKey.type !== 'public'))
    throw new Error('a device public key must be an Ed25519 public key');
  const body = buf.subarray(0, buf.length - SIGNATURE_BYTES);
  const signature = buf.subarray(buf.length - SIGNATURE_BYTES);
  if (!publicKey || !verify(null, signedDigest(body), publicKey, signature))
    throw refuse(
      'SYNC_TAMPERED',
      'A sync object in the bucket was altered or not written by the device it claims. Nothing was changed.',
      name,
    );
  const expected = expectedName(header);
  if (expected === undefined)
    throw refuse(
      'SYNC_TAMPERED',
      'A sync object in the bucket carries a sequence or part number no Lockleaf writes. Nothing was changed.',
      name,
    );
  if (expected !== name)
    throw refuse(
      'SYNC_REPLAY',
      'The bucket served an older object of this device under another name (a replay). Nothing was changed.',
      name,
    );
  const contentKey = ctx.keyFor(header.epoch);
  if (!contentKey)
    throw new LockleafError(
      'SYNC_KEY_UNAVAILABLE',
      `This device has no key for epoch ${header.epoch} of the vault. Nothing was changed.`,
      { object: name, epoch: header.epoch },
    );
  const key = logKey(contentKey, vaultId);
  let plaintext: Buffer;
  try {
    plaintext = open(key, body.subarray(HEADER_BYTES), aad(body.subarray(0, HEADER_BYTES), name, vaultId, deviceId));
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    // The signature held and the name fits: the key (or the vault) is not the one it was sealed for.
    throw new LockleafError(
      'SYNC_KEY_UNAVAILABLE',
      `A sync object does not open with this vault's key for epoch ${header.epoch}. Nothing was changed.`,
      { object: name, epoch: header.epoch },
      { cause: error },
    );
  } finally {
    key.fill(0);
  }
  const payload = unpack(plaintext, kind);
  plaintext.fill(0);
  if (payload === undefined)
    throw refuse('SYNC_TAMPERED', 'A sync object in the bucket holds damaged content. Nothing was changed.', name);
  return { header, payload, hash: sha256Hex(buf) };
}
