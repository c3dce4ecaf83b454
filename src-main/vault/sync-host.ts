/**
 * What the sync engine may use of an unlocked vault: its database, the blob
 * files (ciphertext), document keys in and out of the keyring's wrap (they
 * travel inside encrypted change-log segments), and its own sealed secrets.
 * The keyring itself never leaves the vault layer.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import { DecryptStream } from '../crypto/blob-stream.js';
import { LockleafError } from '../errors.js';
import { registerSecret } from '../log/redact.js';
import type { AuditAction, AuditDetails } from './audit/audit-log.js';
import type { ReadDb, WriteDb } from './db/connection.js';
import type { KdfCost } from '../crypto/kdf.js';
import { adoptPassphrase, changePassphrase } from './keys/change-passphrase.js';
import { checkPassphraseThrottled } from './keys/check-passphrase.js';
import type { VaultContext } from './vault-context.js';

export type SyncSecretName = 'bucket' | 'secret-key' | 'signing-key' | 'keyring' | 'kek';
export type DocKeyKind = 'dockey' | 'archivekey';

export interface SyncHost {
  readonly vaultId: string;
  readonly read: ReadDb;
  write<T>(fn: (tx: WriteDb) => Promise<T>): Promise<T>;
  audit(action: AuditAction, details?: AuditDetails): Promise<void>;
  /**
   * Throws WRONG_PASSPHRASE unless `passphrase` opens this vault (sync wraps the remote keyring with the same one);
   * a wrong one counts toward the unlock delays (UNLOCK_THROTTLED while they run).
   */
  checkPassphrase(passphrase: string): Promise<void>;
  /** Local passphrase change; `current` is checked (throttled) as in Settings. */
  changePassphrase(current: string, next: string, cost?: KdfCost): Promise<void>;
  /** Only after `next` opened the bucket's keyring: see change-passphrase.ts adoptPassphrase. */
  adoptPassphrase(next: string, cost?: KdfCost): Promise<void>;
  /** A document key as bytes, to travel inside a sealed segment; the caller zeroes it. */
  openDocKey(kind: DocKeyKind, docId: string, version: number, wrapped: Uint8Array): Buffer;
  /** A document key that arrived from another device, wrapped under this vault's keyring. */
  wrapDocKey(kind: DocKeyKind, docId: string, key: Uint8Array): { version: number; sealed: Buffer };
  putSyncSecret(tx: WriteDb, name: SyncSecretName, value: Uint8Array): Promise<void>;
  getSyncSecret(name: SyncSecretName): Promise<Buffer | undefined>;
  blobPath(name: string): string;
  blobSize(name: string): Promise<number | undefined>;
  /**
   * A downloaded blob file becomes the blob `name` once it decrypts under
   * `key` (every chunk authenticated) to bytes whose SHA-256 is `sha256`
   * (when known; an archive's is not kept); otherwise it is removed and
   * SYNC_TAMPERED thrown (a swapped, truncated or altered object).
   */
  adoptBlob(tmpPath: string, name: string, key: Uint8Array, sha256: string | undefined): Promise<void>;
  removeBlob(name: string): Promise<void>;
}

const secretAad = (vaultId: string, name: string) => `sync-secret:${vaultId}:${name}`;

export function syncHostOf(ctx: VaultContext): SyncHost {
  const vaultId = ctx.keyFile.vaultId;
  return Object.freeze({
    vaultId,
    get read() {
      return ctx.db.read;
    },
    write: <T>(fn: (tx: WriteDb) => Promise<T>) => ctx.db.write(fn),
    audit: (action: AuditAction, details?: AuditDetails) => ctx.audit(action, details),
    checkPassphrase: (passphrase: string) => checkPassphraseThrottled(ctx, passphrase),
    changePassphrase: (current: string, next: string, cost?: KdfCost) => changePassphrase(ctx, current, next, cost),
    adoptPassphrase: (next: string, cost?: KdfCost) => adoptPassphrase(ctx, next, cost),
    openDocKey: (kind: DocKeyKind, docId: string, version: number, wrapped: Uint8Array) =>
      ctx.keyring.unwrap(version, wrapped, `${kind}:${docId}`),
    wrapDocKey: (kind: DocKeyKind, docId: string, key: Uint8Array) => ctx.keyring.wrap(key, `${kind}:${docId}`),
    async putSyncSecret(tx: WriteDb, name: SyncSecretName, value: Uint8Array) {
      const { version, sealed } = ctx.keyring.wrap(value, secretAad(vaultId, name));
      await tx.run(
        `INSERT INTO sync_secrets (name, sealed, key_version) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, key_version = excluded.key_version`,
        [name, sealed, version],
      );
    },
    async getSyncSecret(name: SyncSecretName) {
      const row = await ctx.db.read.get<{ sealed: Buffer; key_version: number }>(
        'SELECT sealed, key_version FROM sync_secrets WHERE name = ?',
        [name],
      );
      if (!row) return undefined;
      const value = ctx.keyring.unwrap(row.key_version, row.sealed, secretAad(vaultId, name));
      if (name === 'bucket') registerSecret(value.toString('utf8'));
      return value;
    },
    blobPath: (name: string) => ctx.blobs.pathOf(name),
    async blobSize(name: string) {
      return (await stat(ctx.blobs.pathOf(name)).catch(() => undefined))?.size;
    },
    async adoptBlob(tmpPath: string, name: string, key: Uint8Array, sha256: string | undefined) {
      const target = ctx.blobs.pathOf(name);
      const hash = createHash('sha256');
      try {
        const decrypt = new DecryptStream(key);
        const source = createReadStream(tmpPath);
        source.on('error', (e) => decrypt.destroy(e));
        source.pipe(decrypt);
        for await (const chunk of decrypt) hash.update(chunk as Buffer);
      } catch (error) {
        await rm(tmpPath, { force: true });
        throw tampered(name, error);
      }
      if (sha256 !== undefined && hash.digest('hex') !== sha256) {
        await rm(tmpPath, { force: true });
        throw tampered(name);
      }
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      const handle = await open(tmpPath, 'r+');
      await handle.sync();
      await handle.close();
      await rename(tmpPath, target);
    },
    removeBlob: (name: string) => ctx.blobs.remove(name),
  });
}

function tampered(name: string, cause?: unknown): LockleafError {
  return new LockleafError(
    'SYNC_TAMPERED',
    'A document in the bucket does not match the one the change log describes (altered or swapped). It was not stored.',
    { blob: name },
    cause === undefined ? undefined : { cause },
  );
}

/** Rotation: sync secrets not under the current data key, re-sealed in one batch. */
export async function resealSyncSecrets(ctx: VaultContext, limit: number): Promise<number> {
  const vaultId = ctx.keyFile.vaultId;
  return ctx.db.write(async (tx) => {
    const rows = await tx.all<{ name: string; sealed: Buffer; key_version: number }>(
      'SELECT name, sealed, key_version FROM sync_secrets WHERE key_version != ? LIMIT ?',
      [ctx.keyring.current, limit],
    );
    for (const row of rows) {
      const plain = ctx.keyring.unwrap(row.key_version, row.sealed, secretAad(vaultId, row.name));
      const { version, sealed } = ctx.keyring.wrap(plain, secretAad(vaultId, row.name));
      plain.fill(0);
      await tx.run('UPDATE sync_secrets SET sealed = ?, key_version = ? WHERE name = ?', [sealed, version, row.name]);
    }
    return rows.length;
  });
}

export async function pendingSyncSecrets(db: ReadDb, version: number): Promise<number> {
  return (
    (await db.get<{ n: number }>('SELECT count(*) AS n FROM sync_secrets WHERE key_version != ?', [version]))?.n ?? 0
  );
}
