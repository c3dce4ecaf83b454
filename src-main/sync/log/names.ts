/**
 * Object names in the bucket. They must be computable by every device of the
 * vault (which holds `nameKey`) and say nothing to whoever runs the bucket.
 *
 * Decision: blobs get a fully opaque name (`blob/` + HMAC, 64 hex), since
 * the engine only ever asks for a blob it already knows of. Segments and
 * snapshots cannot be fully opaque: the engine must list "segments of device
 * D after seq N" with `list(prefix, startAfter)`, and an HMAC per object
 * would make that impossible (it would have to probe names one by one, and
 * could not see a gap). So they are
 *   seg/<device tag>/<seq, 12 digits>
 *   snap/<device tag>/<snapshot seq, 12 digits>/<part, 4 digits>
 * where the device tag is HMAC(nameKey, device) cut to 16 hex. The bucket
 * learns how many devices write, how many segments and snapshots each wrote
 * and in what order, which it sees anyway from the timing of the writes; it
 * learns no deviceId, title, file name, tag, type count or exact size (the
 * objects are padded, see padding.ts). Twelve digits keep byte order equal
 * to number order, which is the order `list` returns.
 */
import { createHmac } from 'node:crypto';

export const SEGMENT_PREFIX = 'seg/';
export const SNAPSHOT_PREFIX = 'snap/';
export const BLOB_PREFIX = 'blob/';
export const MAX_SEQ = 999_999_999_999;
export const MAX_PARTS = 9_999;
const DEVICE_ID = /^[0-9a-f]{32}$/;
// Domain separation: a name for one kind can never equal one for another.
const CONTEXT = 'lockleaf/sync/name/v1';

export function assertDeviceId(deviceId: string): void {
  if (!DEVICE_ID.test(deviceId)) throw new Error(`invalid deviceId: ${JSON.stringify(deviceId)}`);
}

export function assertSeq(seq: number, what = 'seq'): void {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new Error(`invalid ${what}: ${seq}`);
}

function mac(nameKey: Uint8Array, ...fields: string[]): Buffer {
  if (nameKey.length !== 32) throw new Error('name key must be 32 bytes');
  const hmac = createHmac('sha256', nameKey);
  // Length-prefixed fields: no two different field lists hash the same input.
  for (const field of [CONTEXT, ...fields]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hmac.update(length).update(bytes);
  }
  return hmac.digest();
}

/** 8 bytes naming a device in names and in sealed headers; the same for every device of the vault. */
export function deviceTag(nameKey: Uint8Array, deviceId: string): Buffer {
  assertDeviceId(deviceId);
  return mac(nameKey, 'device', deviceId).subarray(0, 8);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Where device `deviceId`'s segments live: list this with `startAfter = segmentName(…, lastSeq)`. */
export function segmentPrefix(nameKey: Uint8Array, deviceId: string): string {
  return `${SEGMENT_PREFIX}${deviceTag(nameKey, deviceId).toString('hex')}/`;
}

export function segmentName(nameKey: Uint8Array, deviceId: string, seq: number): string {
  assertSeq(seq);
  return `${segmentPrefix(nameKey, deviceId)}${pad(seq, 12)}`;
}

export function snapshotPrefix(nameKey: Uint8Array, deviceId: string): string {
  return `${SNAPSHOT_PREFIX}${deviceTag(nameKey, deviceId).toString('hex')}/`;
}

/** Part `part` (0-based) of snapshot `snapSeq` written by `deviceId`. */
export function snapshotName(nameKey: Uint8Array, deviceId: string, snapSeq: number, part: number): string {
  assertSeq(snapSeq, 'snapshot seq');
  if (!Number.isSafeInteger(part) || part < 0 || part >= MAX_PARTS) throw new Error(`invalid part: ${part}`);
  return `${snapshotPrefix(nameKey, deviceId)}${pad(snapSeq, 12)}/${pad(part, 4)}`;
}

/** A document blob's remote name, from its local blob name (or any stable id of it). */
export function blobName(nameKey: Uint8Array, blobId: string): string {
  if (!blobId || blobId.length > 256) throw new Error('invalid blob id');
  return `${BLOB_PREFIX}${mac(nameKey, 'blob', blobId).toString('hex')}`;
}

/** The seq a segment name claims, or undefined if it is not one of ours (a listing may hold anything). */
export function seqOfSegmentName(name: string): number | undefined {
  const match = /^seg\/[0-9a-f]{16}\/(\d{12})$/.exec(name);
  return match ? Number(match[1]) : undefined;
}
