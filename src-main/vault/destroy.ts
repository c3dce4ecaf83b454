/**
 * Deleting a vault for good, in an order that makes a crash at any point
 * safe. First a marker (`vault.destroying`, naming the vault): from then on
 * open refuses the folder (VAULT_DESTROYED) and the next destroy finishes it.
 * Then `vault.key`, overwritten and synced before it is unlinked: it holds
 * the root-key wraps and the keyring, without which the database, the blobs
 * and any copy of them can never be decrypted. Then the database with its
 * WAL and SHM, the blobs, the throttle file, the marker, and the folder.
 * Only files Lockleaf writes are removed: anything else in the folder is left
 * (with the folder) and reported, so a mistyped `--vault` cannot wipe a folder
 * of the user's own.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { confirmsDestroy, DESTROY_PHRASE, shortVaultId, type DestroyReport } from '../../src-shared/destroy.js';
import { LockleafError, isLockleafError } from '../errors.js';
import { atomicWriteFile, syncDir } from '../fs/atomic-write.js';
import { readKeyFile, unwrapWithPassphrase, type KeyFile } from './keys/key-file.js';
import { UnlockThrottle } from './keys/unlock-throttle.js';
import { vaultPaths, type VaultPaths } from './paths.js';
import { acquireLock } from './process-lock.js';
import type { VaultContext } from './vault-context.js';

export interface DestroyRequest {
  /** What the user typed: DESTROY_PHRASE or the vault's (short) id. */
  confirmation: string;
  /** Asked for only when needed: a destroy cut short is finished without it (the keys are gone). */
  passphrase: string | (() => Promise<string>);
}

export type DestroyStep = 'marked' | 'key' | 'database' | 'blobs' | 'throttle';

export interface DestroyOptions {
  /** Called after each step; tests throw from it to stand for a crash there. */
  afterStep?: (step: DestroyStep) => void | Promise<void>;
}

export const DESTROY_MARKER = 'vault.destroying';
const MARKER = DESTROY_MARKER;
const markerSchema = z.object({ vaultId: z.uuid(), startedAt: z.string() });
/** `atomicWriteFile` writes `.<name>.<random>.tmp` first: a crash can leave one, with a copy of the key file in it. */
const tempCopyOf = (name: string) => new RegExp(`^\\.${name.replace(/\./g, '\\.')}\\.[0-9a-f]+\\.tmp$`);

/** The vault a destroy was begun on and not finished, if any. */
export async function pendingDestroy(dir: string): Promise<{ vaultId: string } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MARKER), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = markerSchema.safeParse(json);
  if (!parsed.success)
    throw new LockleafError('VAULT_CORRUPT', `${join(dir, MARKER)} is damaged. Nothing was changed.`);
  return { vaultId: parsed.data.vaultId };
}

/** For open: a folder whose destroy was begun is not a vault any more, even if its key file is still there. */
export async function refuseDestroyed(dir: string): Promise<void> {
  const pending = await pendingDestroy(dir);
  if (!pending) return;
  const id = shortVaultId(pending.vaultId);
  throw new LockleafError(
    'VAULT_DESTROYED',
    `The vault ${id} in ${dir} was being deleted for good and can no longer be opened. Run "lockleaf destroy --confirm ${id}" to finish deleting it.`,
    { vault: id },
  );
}

function checkConfirmation(confirmation: string, vaultId: string): void {
  if (confirmsDestroy(confirmation, vaultId)) return;
  const id = shortVaultId(vaultId);
  throw new LockleafError(
    'CONFIRMATION_MISMATCH',
    `To delete the vault for good, type "${DESTROY_PHRASE}" or its id ${id}. Nothing was deleted.`,
    { vault: id },
  );
}

/** The passphrase, with the same growing delays as unlocking: a window left unlocked must not become a way to guess. */
async function checkPassphrase(
  paths: VaultPaths,
  file: KeyFile,
  passphrase: DestroyRequest['passphrase'],
): Promise<void> {
  const throttle = new UnlockThrottle(paths.throttle);
  await throttle.check();
  try {
    (await unwrapWithPassphrase(file, typeof passphrase === 'string' ? passphrase : await passphrase())).fill(0);
  } catch (error) {
    if (isLockleafError(error, 'WRONG_PASSPHRASE'))
      throw new LockleafError('WRONG_PASSPHRASE', `${error.message} Nothing was deleted.`, {
        failures: await throttle.recordFailure(),
      });
    throw error;
  }
}

/**
 * Overwrites a file with random bytes and syncs before unlinking it, so the
 * old bytes are not simply left in free blocks. An SSD's wear levelling or a
 * copy-on-write filesystem may still keep them; they are wraps under the
 * passphrase (Argon2id), never a key in the clear.
 */
async function shred(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size > 0) await handle.write(randomBytes(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rm(path, { force: true });
}

/** Files in `dir` named `name` or a temporary copy of it. */
async function withTempCopies(dir: string, name: string): Promise<string[]> {
  const pattern = tempCopyOf(name);
  return (await readdir(dir)).filter((entry) => entry === name || pattern.test(entry)).map((entry) => join(dir, entry));
}

/** Everything but the marker, the lock and the folder; run holding the process lock. */
async function wipe(paths: VaultPaths, vaultId: string, options: DestroyOptions): Promise<void> {
  const step = async (name: DestroyStep) => options.afterStep?.(name);
  if (!(await pendingDestroy(paths.dir))) {
    await atomicWriteFile(join(paths.dir, MARKER), JSON.stringify({ vaultId, startedAt: new Date().toISOString() }));
  }
  await step('marked');
  for (const path of await withTempCopies(paths.dir, 'vault.key')) await shred(path);
  await syncDir(paths.dir);
  await step('key');
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${paths.database}${suffix}`, { force: true });
  await step('database');
  await rm(paths.blobs, { recursive: true, force: true });
  // The CLI keeps its OCR language data beside the vault (no secrets, but Lockleaf's own).
  await rm(join(paths.dir, 'ocr-data'), { recursive: true, force: true });
  await step('blobs');
  for (const path of await withTempCopies(paths.dir, 'unlock-state.json')) await rm(path, { force: true });
  await step('throttle');
}

/** After the lock is let go: the marker, then the folder if nothing else is in it. */
async function finish(paths: VaultPaths, vaultId: string): Promise<DestroyReport> {
  for (const path of await withTempCopies(paths.dir, MARKER)) await rm(path, { force: true });
  const leftovers = (await readdir(paths.dir)).sort();
  if (leftovers.length === 0) await rmdir(paths.dir);
  return { vault: shortVaultId(vaultId), leftovers };
}

/**
 * Deletes a vault that is not open (the CLI), or finishes a destroy cut
 * short: with only the typed confirmation then, as its keys are gone.
 */
export async function destroyVault(
  dir: string,
  request: DestroyRequest,
  options: DestroyOptions = {},
): Promise<DestroyReport> {
  const paths = vaultPaths(dir);
  // "No vault here" before the lock, which would otherwise leave a lock file in any folder named.
  if (!(await pendingDestroy(dir))) await readKeyFile(paths.keyFile);
  const release = await acquireLock(paths.lock);
  let vaultId: string;
  try {
    const pending = await pendingDestroy(dir);
    if (pending) {
      vaultId = pending.vaultId;
      checkConfirmation(request.confirmation, vaultId);
    } else {
      const file = await readKeyFile(paths.keyFile);
      vaultId = file.vaultId;
      checkConfirmation(request.confirmation, vaultId);
      await checkPassphrase(paths, file, request.passphrase);
    }
    await wipe(paths, vaultId, options);
  } finally {
    await release();
  }
  return finish(paths, vaultId);
}

/** Finishes a destroy the user confirmed before a crash cut it short; nothing happens without one. */
export async function finishPendingDestroy(dir: string): Promise<DestroyReport | undefined> {
  const pending = await pendingDestroy(dir);
  return pending && destroyVault(dir, { confirmation: pending.vaultId, passphrase: '' });
}

export interface OpenVaultHooks {
  /** Closes the vault's database and drops its keys, keeping the process lock. */
  close: () => Promise<void>;
  releaseLock: () => Promise<void>;
  /** Called once the request is confirmed: stops what uses the vault; awaited after the keys are dropped. */
  stopWork?: () => Promise<void>;
}

/** Deletes the open vault (the window): it keeps the process lock throughout, so no other process opens it half-way. */
export async function destroyOpenVault(
  ctx: VaultContext,
  request: DestroyRequest,
  hooks: OpenVaultHooks,
  options: DestroyOptions = {},
): Promise<DestroyReport> {
  const vaultId = ctx.keyFile.vaultId;
  checkConfirmation(request.confirmation, vaultId);
  await checkPassphrase(ctx.paths, ctx.keyFile, request.passphrase);
  const stopping = hooks.stopWork?.() ?? Promise.resolve();
  try {
    await hooks.close(); // the keys go first, as at a lock
    // Nothing may still hold a blob or the database open while the files go (Windows refuses to delete those).
    await stopping;
    await wipe(ctx.paths, vaultId, options);
  } finally {
    await hooks.releaseLock();
  }
  return finish(ctx.paths, vaultId);
}
