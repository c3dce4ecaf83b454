/**
 * Document ids for added files, derived from the content so that the same
 * file added on two devices while offline gets the same id on both, and the
 * two adds merge field by field into one document.
 *
 * id = HMAC-SHA256(docIdKey, "lockleaf/doc-id/v1" ‖ vaultId ‖ SHA-256 of the
 * bytes ‖ generation), first 16 bytes, shaped as an RFC 9562 version-8 UUID
 * (the form document ids already have). Keyed, so an id reveals nothing about
 * the content to whoever lacks the key (the bucket's operator, a
 * guessed-file test): a plain hash would let anyone holding a known file
 * recognise it.
 *
 * The generation exists because a purged id never comes back: a file added
 * again after its document was purged takes the first generation whose id is
 * not a tombstone, which two devices that have both seen the purge agree on.
 */
import { createHmac } from 'node:crypto';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = Buffer.from('lockleaf/doc-id/v1\0', 'utf8');

export interface ContentIdInput {
  vaultId: string;
  /** SHA-256 of the file's bytes, lowercase hex (as the blob store reports it). */
  sha256: string;
  /** 0 for the first add; see `liveContentId`. */
  generation?: number;
}

export function contentDocumentId(docIdKey: Buffer, { vaultId, sha256, generation = 0 }: ContentIdInput): string {
  if (docIdKey.length !== 32) throw new Error('The document-id key must be 32 bytes');
  if (!UUID.test(vaultId)) throw new Error('vaultId must be a UUID');
  if (!SHA256_HEX.test(sha256)) throw new Error('sha256 must be 64 lowercase hex characters');
  if (!Number.isInteger(generation) || generation < 0 || generation > 0xffffffff)
    throw new Error('generation must be a 32-bit unsigned integer');
  const gen = Buffer.alloc(4);
  gen.writeUInt32BE(generation);
  const mac = createHmac('sha256', docIdKey)
    .update(DOMAIN)
    .update(Buffer.from(vaultId.toLowerCase(), 'ascii'))
    .update(Buffer.from(sha256, 'hex'))
    .update(gen)
    .digest();
  const bytes = mac.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8: custom
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  mac.fill(0);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id a new add of this content takes: the first generation not purged on this device. */
export function liveContentId(
  docIdKey: Buffer,
  input: Omit<ContentIdInput, 'generation'>,
  isPurged: (id: string) => boolean,
): string {
  for (let generation = 0; ; generation++) {
    const id = contentDocumentId(docIdKey, { ...input, generation });
    if (!isPurged(id)) return id;
  }
}
