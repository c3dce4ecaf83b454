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
/**
 * The most JSON one object carries, per kind. Decision: a segment is one
 * device's edits since its last push, kilobytes in practice, so 4 MiB is
 * generous; a snapshot part is bounded by the part size the engine splits a
 * state into, 64 MiB at most. The opener inflates no more than this, so a
 * zlib bomb from a hostile member costs at most this much memory.
 */
export const MAX_PAYLOAD = { segment: 4 * 1024 * 1024, snapshot: 64 * 1024 * 1024 } as const;
export type PayloadKind = keyof typeof MAX_PAYLOAD;

/**
 * An upper bound on raw deflate's output for `n` input bytes: zlib's own
 * `deflateBound` for the default settings (n + n/4096 + n/16384 + n/2^25 + 7),
 * with slack. `pack` refuses anything above it, so every object it seals
 * passes the opener's size check.
 */
export function maxDeflated(n: number): number {
  return n + Math.floor(n / 4096) + Math.floor(n / 16384) + Math.floor(n / 2 ** 25) + 64;
}

/** The largest padded plaintext of a kind: the size check an opener applies before hashing anything. */
export function maxPadded(kind: PayloadKind): number {
  return paddedSize(4 + maxDeflated(MAX_PAYLOAD[kind]));
}

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
export function pack(payload: unknown, kind: PayloadKind): Buffer {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  if (json.length > MAX_PAYLOAD[kind])
    throw new Error(`payload of ${json.length} bytes is too large for one ${kind} object`);
  const deflated = deflateRawSync(json);
  json.fill(0);
  if (deflated.length > maxDeflated(MAX_PAYLOAD[kind])) throw new Error('deflate exceeded its bound');
  const out = Buffer.alloc(paddedSize(4 + deflated.length));
  out.writeUInt32BE(deflated.length, 0);
  deflated.copy(out, 4);
  deflated.fill(0);
  return out;
}

/** Padded plaintext → JSON, or undefined when it is not well formed or inflates past the kind's cap (the caller names the error). */
export function unpack(plaintext: Buffer, kind: PayloadKind): unknown {
  if (plaintext.length < 4) return undefined;
  const length = plaintext.readUInt32BE(0);
  if (length > plaintext.length - 4) return undefined;
  try {
    const json = inflateRawSync(plaintext.subarray(4, 4 + length), { maxOutputLength: MAX_PAYLOAD[kind] });
    const value: unknown = JSON.parse(json.toString('utf8'));
    json.fill(0);
    return value;
  } catch {
    return undefined;
  }
}
