/**
 * Creating and unlocking a vault. Unlocking: take the process lock, check the
 * wrong-passphrase delay, unwrap the root key, open the keyring, key the
 * database, then sweep blobs that no committed row refers to (left by a crash).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { KdfCost } from '../crypto/kdf.js';
import type { Keyring } from '../crypto/keyring.js';
import { LockleafError, isLockleafError } from '../errors.js';
import { VaultDb } from './db/vault-db.js';
import { refuseDestroyed } from './destroy.js';
import {
  createKeyFile,
  dropDeviceWrap,
  openKeyring,
  readKeyFile,
  unwrapWithPassphrase,
  writeKeyFile,
} from './keys/key-file.js';
import { openDatabase } from './keys/rotation-recovery.js';
import { delayAfter, UnlockThrottle } from './keys/unlock-throttle.js';
import { vaultPaths } from './paths.js';
import { acquireLock } from './process-lock.js';
import { Vault } from './vault.js';
import { VaultContext } from './vault-context.js';

export interface CreateOptions {
  kdfCost?: KdfCost;
  /** Only for a clone of a synced vault: the vault's id, read from its bucket. */
  vaultId?: string;
}

export type Unlock = { passphrase: string };

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

export async function createVault(dir: string, passphrase: string, options: CreateOptions = {}): Promise<Vault> {
  if (!(await isEmptyOrMissing(dir))) {
    throw new LockleafError('VAULT_EXISTS', `${dir} is not empty; a vault is created only in an empty or new folder.`);
  }
  if (passphrase.length < 8) throw new LockleafError('WEAK_PASSPHRASE', 'Use a passphrase of at least 8 characters.');
  const paths = vaultPaths(dir);
  await mkdir(paths.blobs, { recursive: true, mode: 0o700 });
  const release = await acquireLock(paths.lock);
  let created: Awaited<ReturnType<typeof createKeyFile>> | undefined;
  try {
    created = await createKeyFile(passphrase, options.kdfCost, options.vaultId);
    const file = created.file;
    const dbKey = created.keyring.deriveSubkey('sqlcipher', file.vaultId);
    const db = await VaultDb.open(paths.database, dbKey).finally(() => dbKey.fill(0));
    // The key file is written last: a folder without one is not yet a vault.
    await writeKeyFile(paths.keyFile, file);
    const ctx = new VaultContext(paths, db, created.keyring, created.rootKey, file);
    await ctx.audit('vault.created');
    return new Vault(ctx, release);
  } catch (error) {
    created?.rootKey.fill(0);
    created?.keyring.destroy();
    await release();
    throw error;
  }
}

export async function openVault(dir: string, unlock: Unlock): Promise<Vault> {
  const startedAt = Date.now();
  const paths = vaultPaths(dir);
  await refuseDestroyed(dir); // a destroy cut short: not "no vault here", which would invite an init over it
  // The key file is read only under the process lock: read before it, a passphrase change
  // made by another process in between would be written back over at this one's next change.
  await readKeyFile(paths.keyFile); // a clear "no vault here" before anything else
  const release = await acquireLock(paths.lock);
  try {
    await refuseDestroyed(dir);
    const file = await readKeyFile(paths.keyFile);
    const throttle = new UnlockThrottle(paths.throttle);
    let rootKey: Buffer;
    await throttle.check();
    try {
      rootKey = await unwrapWithPassphrase(file, unlock.passphrase);
    } catch (error) {
      if (isLockleafError(error, 'WRONG_PASSPHRASE')) {
        const failures = await throttle.recordFailure();
        // The wait this failure starts, so the window can count it down before the next try.
        const wait = delayAfter(failures);
        throw new LockleafError('WRONG_PASSPHRASE', error.message, {
          failures,
          ...(wait > 0 ? { retryAfterMs: wait } : {}),
        });
      }
      throw error;
    }
    await throttle.reset();
    let opened: Awaited<ReturnType<typeof openDatabase>>;
    let current: Keyring | undefined;
    try {
      current = openKeyring(file, rootKey);
      // Settles a full key rotation a crash cut short, either way (see rotation-recovery.ts).
      opened = await openDatabase(paths, file, rootKey, current, unlock.passphrase);
    } catch (error) {
      rootKey.fill(0);
      current?.destroy();
      throw error;
    }
    const { db, keyring } = opened;
    const ctx = new VaultContext(paths, db, keyring, opened.rootKey, opened.file);
    try {
      // In the background, so unlocking stays fast on a large vault. Only files
      // from before this unlock began can be leftovers; anything newer is work under way.
      ctx.sweep = sweepOrphanBlobs(ctx, startedAt);
      // A lock does not wait for the sweep; one cut short by it is simply done at the next unlock.
      ctx.sweep.catch(() => 0);
      if (opened.rotation === 'completed') await ctx.audit('keys.rotated', { full: true, completedAtUnlock: true });
      if (ctx.keyFile.rootWraps.device) {
        await ctx.updateKeyFile(dropDeviceWrap);
        await ctx.audit('vault.device_unlock_changed', { enabled: false });
      }
      if (keyring.sealedAsText) await ctx.saveKeyring();
      await ctx.audit('vault.unlocked', { method: 'passphrase' });
      return new Vault(ctx, release);
    } catch (error) {
      // Nothing half-open stays: the keys are dropped and the database closed before the lock goes.
      await ctx.close().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await release();
    throw error;
  }
}

/** Removes blob files, older than `before`, that no committed document refers to (an add or rotation cut short). */
export async function sweepOrphanBlobs(ctx: VaultContext, before: number): Promise<number> {
  const { names, partials } = await ctx.blobs.scan();
  const rows = await ctx.db.read.all<{ name: string }>(
    'SELECT blob_name AS name FROM documents UNION ALL SELECT archive_blob_name FROM documents WHERE archive_blob_name IS NOT NULL',
  );
  const referenced = new Set(rows.map((r) => r.name));
  const old = async (path: string) => ((await stat(path).catch(() => undefined))?.mtimeMs ?? Infinity) < before;
  let removed = 0;
  for (const partial of partials) {
    if (await old(partial)) {
      await rm(partial, { force: true });
      removed++;
    }
  }
  for (const name of names) {
    if (!referenced.has(name) && (await old(ctx.blobs.pathOf(name)))) {
      await ctx.blobs.remove(name);
      removed++;
    }
  }
  return removed;
}
