/**
 * The keyring: versioned data keys that wrap per-document keys and secret
 * fields, plus a stable seed for the database key. It lives only in memory
 * while the vault is unlocked and on disk only sealed under the root key.
 *
 * Every wrapped record names the version that wrapped it, so rotation can
 * add a version, re-wrap records in small batches and retire old versions.
 */
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { KEY_BYTES, open, randomKey, seal } from './aead.js';

// zod's own base64 check, the one the bridge uses too; never empty here.
const b64 = z.base64().min(1);

export const keyringSchema = z.object({
  v: z.literal(1),
  current: z.number().int().positive(),
  dataKeys: z.record(z.string().regex(/^\d+$/), b64),
  dbSeed: b64,
});
type KeyringJson = z.infer<typeof keyringSchema>;

const BINARY_MAGIC = Buffer.from('LLKR', 'ascii');
const BINARY_FORMAT = 2;
const BINARY_HEAD = 4 + 1 + 4 + 4;

export class Keyring {
  private destroyed = false;

  /** Read from the JSON form earlier versions sealed (its keys passed through strings): the vault re-seals it as bytes at unlock. */
  sealedAsText = false;

  private constructor(
    private readonly keys: Map<number, Buffer>,
    private currentVersion: number,
    private readonly dbSeed: Buffer,
  ) {}

  static create(): Keyring {
    return new Keyring(new Map([[1, randomKey()]]), 1, randomKey());
  }

  static fromJson(json: unknown): Keyring {
    const parsed = keyringSchema.parse(json);
    const keys = new Map(
      Object.entries(parsed.dataKeys).map(([v, k]) => [Number(v), Buffer.from(k, 'base64')] as const),
    );
    if (!keys.has(parsed.current)) throw new Error('keyring has no current key');
    return new Keyring(keys, parsed.current, Buffer.from(parsed.dbSeed, 'base64'));
  }

  /**
   * The form sealed in the key file: `LLKR`, format 2, u32 current version,
   * u32 count, count × (u32 version, 32-byte key), 32-byte seed. Binary so no
   * key ever becomes a JavaScript string (base64 in JSON did): strings cannot
   * be zeroed and linger until the garbage collector reuses their memory.
   */
  toBytes(): Buffer {
    this.alive();
    const out = Buffer.alloc(BINARY_HEAD + this.keys.size * (4 + KEY_BYTES) + KEY_BYTES);
    BINARY_MAGIC.copy(out, 0);
    out[4] = BINARY_FORMAT;
    out.writeUInt32BE(this.currentVersion, 5);
    out.writeUInt32BE(this.keys.size, 9);
    let at = BINARY_HEAD;
    for (const [v, k] of this.keys) {
      out.writeUInt32BE(v, at);
      k.copy(out, at + 4);
      at += 4 + KEY_BYTES;
    }
    this.dbSeed.copy(out, at);
    return out;
  }

  /** Reads `toBytes()`'s form, or the JSON keyrings of vaults written before it. The caller zeroes `bytes`. */
  static fromBytes(bytes: Buffer): Keyring {
    if (bytes[0] === 0x7b /* '{' */) {
      const keyring = Keyring.fromJson(JSON.parse(bytes.toString('utf8')));
      keyring.sealedAsText = true;
      return keyring;
    }
    if (bytes.length < BINARY_HEAD || !bytes.subarray(0, 4).equals(BINARY_MAGIC) || bytes[4] !== BINARY_FORMAT)
      throw new Error('unknown keyring format');
    const current = bytes.readUInt32BE(5);
    const count = bytes.readUInt32BE(9);
    if (bytes.length !== BINARY_HEAD + count * (4 + KEY_BYTES) + KEY_BYTES)
      throw new Error('keyring has the wrong length');
    const keys = new Map<number, Buffer>();
    let at = BINARY_HEAD;
    for (let i = 0; i < count; i++) {
      keys.set(bytes.readUInt32BE(at), Buffer.from(bytes.subarray(at + 4, at + 4 + KEY_BYTES)));
      at += 4 + KEY_BYTES;
    }
    if (!keys.has(current)) throw new Error('keyring has no current key');
    return new Keyring(keys, current, Buffer.from(bytes.subarray(at, at + KEY_BYTES)));
  }

  /** The JSON form of format 1 (key files written before toBytes); kept for reading them and for tests. */
  toJson(): KeyringJson {
    this.alive();
    const dataKeys: Record<string, string> = {};
    for (const [v, k] of this.keys) dataKeys[String(v)] = k.toString('base64');
    return { v: 1, current: this.currentVersion, dataKeys, dbSeed: this.dbSeed.toString('base64') };
  }

  get current(): number {
    return this.currentVersion;
  }

  get versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  /** After destroy() every use throws: a zeroed key must never seal anything. */
  private alive(): void {
    if (this.destroyed) throw new Error('the keyring was destroyed (the vault is locked)');
  }

  private key(version: number): Buffer {
    this.alive();
    const key = this.keys.get(version);
    if (!key) throw new Error(`key version ${version} is not in the keyring`);
    return key;
  }

  /** Seals `plaintext` under the current data key; returns the version used. */
  wrap(plaintext: Uint8Array, aad: string): { version: number; sealed: Buffer } {
    return { version: this.currentVersion, sealed: seal(this.key(this.currentVersion), plaintext, aad) };
  }

  unwrap(version: number, sealed: Uint8Array, aad: string): Buffer {
    return open(this.key(version), sealed, aad);
  }

  /** Starts a rotation: a new current version; old ones stay until retired. */
  addVersion(): number {
    const next = Math.max(...this.keys.keys()) + 1;
    this.keys.set(next, randomKey());
    this.currentVersion = next;
    return next;
  }

  retireAllButCurrent(): void {
    for (const [v, k] of this.keys) {
      if (v !== this.currentVersion) {
        k.fill(0);
        this.keys.delete(v);
      }
    }
  }

  /**
   * A copy of this keyring with a fresh seed (so a new database key and audit
   * MAC key): the pending keyring of a full rotation (see full-rotation.ts).
   */
  withNewSeed(): Keyring {
    this.alive();
    const keys = new Map([...this.keys].map(([v, k]) => [v, Buffer.from(k)] as const));
    return new Keyring(keys, this.currentVersion, randomKey());
  }

  /**
   * Takes `other`'s seed in place (other holders of this keyring see it too)
   * once a full rotation has committed; the old seed is overwritten.
   */
  adoptSeed(other: Keyring): void {
    this.alive();
    other.alive();
    other.dbSeed.copy(this.dbSeed);
  }

  /** A purpose-bound subkey of the stable seed (database key, audit MAC key). */
  deriveSubkey(purpose: string, salt: string): Buffer {
    this.alive();
    return Buffer.from(
      hkdfSync('sha256', this.dbSeed, Buffer.from(salt, 'utf8'), Buffer.from(`lockleaf/${purpose}`, 'utf8'), 32),
    );
  }

  /** Best effort: overwrite key material before dropping references. */
  destroy(): void {
    this.destroyed = true;
    for (const k of this.keys.values()) k.fill(0);
    this.keys.clear();
    this.dbSeed.fill(0);
  }
}
