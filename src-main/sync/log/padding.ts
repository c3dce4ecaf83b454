/**
 * Size hiding for sealed change-log objects. The plaintext is
 * `u32 length || deflated payload || zeros`, padded to a bucket: at least
 * 4 KiB (so every small segment has one size), above that Padmé (Nikitin et
 * al., "Reducing Metadata Leakage from Encrypted Files and Communication with
 * PURBs", PETS 2019): the length keeps only its top ~log2(log2 L) bits, which
 * leaks O(log log L) bits at most 12 % overhead; powers of two would double a
 * large snapshot.
 *
 * Decision: compress before encrypting. Snapshots carry page texts and shrink
 * several-fold; segments are small and always land in the 4 KiB floor. A
 * compression-ratio attack (CRIME) needs byte-exact sizes over many rounds of
 * attacker-chosen input next to a secret; the bucket sees only the bucket
 * size, and each round would take a sync.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const MIN_PADDED = 4096;
/** The most plaintext one object carries; larger states go into several snapshot parts. */
export const MAX_PAYLOAD = 256 * 1024 * 1024;

/** Padmé: round `length` up so that only its top bits vary. */
export function padme(length: number): number {
  if (length < 2) return length;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const step = 2 ** (e - s);
  return Math.ceil(length / step) * step;
}

export function paddedSize(length: number): number {
  return Math.max(MIN_PADDED, padme(length));
}

/** JSON → padded plaintext. The caller zeroes the result once sealed. */
export function pack(payload: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  if (json.length > MAX_PAYLOAD) throw new Error(`payload of ${json.length} bytes is too large for one object`);
  const deflated = deflateRawSync(json);
  json.fill(0);
  const out = Buffer.alloc(paddedSize(4 + deflated.length));
  out.writeUInt32BE(deflated.length, 0);
  deflated.copy(out, 4);
  deflated.fill(0);
  return out;
}

/** Padded plaintext → JSON, or undefined when it is not well formed (the caller names the error). */
export function unpack(plaintext: Buffer): unknown {
  if (plaintext.length < 4) return undefined;
  const length = plaintext.readUInt32BE(0);
  if (length > plaintext.length - 4) return undefined;
  try {
    const json = inflateRawSync(plaintext.subarray(4, 4 + length), { maxOutputLength: MAX_PAYLOAD });
    const value: unknown = JSON.parse(json.toString('utf8'));
    json.fill(0);
    return value;
  } catch {
    return undefined;
  }
}
