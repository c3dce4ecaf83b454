/**
 * Opening the database at unlock, and settling a full rotation a crash cut
 * short (see full-rotation.ts). With a pending rotation in the key file, the
 * current database key is tried first: if it opens the file, the rekey never
 * committed (a hot journal from one cut off is rolled back by that open), so
 * the pending entry is dropped. If only the pending key opens it, the rekey
 * committed: the audit chain is moved to the new MAC key unless that was
 * done already, and the pending entry becomes current.
 */
import type { Keyring } from '../../crypto/keyring.js';
import { isLockleafError } from '../../errors.js';
import type { AuditHead } from '../audit/audit-log.js';
import { VaultDb } from '../db/vault-db.js';
import type { VaultPaths } from '../paths.js';
import { settleAuditChain } from './audit-rekey.js';
import {
  dropPendingRotation,
  openAuditAnchor,
  openPendingRotation,
  promotePendingRotation,
  sealAuditAnchor,
  writeKeyFile,
  type KeyFile,
} from './key-file.js';

export interface UnlockedKeys {
  db: VaultDb;
  file: KeyFile;
  rootKey: Buffer;
  keyring: Keyring;
  /** What became of a pending full rotation, if there was one. */
  rotation?: 'abandoned' | 'completed';
}

async function openWith(paths: VaultPaths, file: KeyFile, keyring: Keyring): Promise<VaultDb> {
  const key = keyring.deriveSubkey('sqlcipher', file.vaultId);
  try {
    return await VaultDb.open(paths.database, key);
  } finally {
    key.fill(0);
  }
}

/** Opens the database under `keyring`, or under the pending rotation's keys; on success the caller owns what is returned. */
export async function openDatabase(
  paths: VaultPaths,
  file: KeyFile,
  rootKey: Buffer,
  keyring: Keyring,
  passphrase: string,
): Promise<UnlockedKeys> {
  if (!file.pendingRotation) return { db: await openWith(paths, file, keyring), file, rootKey, keyring };
  let db: VaultDb;
  try {
    db = await openWith(paths, file, keyring);
  } catch (error) {
    if (!isLockleafError(error, 'VAULT_CORRUPT')) throw error;
    return completeRotation(paths, file, rootKey, keyring, passphrase);
  }
  const next = dropPendingRotation(file);
  await writeKeyFile(paths.keyFile, next);
  return { db, file: next, rootKey, keyring, rotation: 'abandoned' };
}

async function completeRotation(
  paths: VaultPaths,
  file: KeyFile,
  rootKey: Buffer,
  keyring: Keyring,
  passphrase: string,
): Promise<UnlockedKeys> {
  const pending = await openPendingRotation(file, passphrase);
  let db: VaultDb | undefined;
  const oldAuditKey = keyring.deriveSubkey('audit-mac', file.vaultId);
  const newAuditKey = pending.keyring.deriveSubkey('audit-mac', file.vaultId);
  try {
    db = await openWith(paths, file, pending.keyring);
    const anchor = openAuditAnchor(file, rootKey);
    await db.write((tx) => settleAuditChain(tx, oldAuditKey, newAuditKey, anchor));
    const head = await db.read.get<AuditHead>('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
    if (!head) throw new Error('the audit log is empty');
    const next = promotePendingRotation(file, sealAuditAnchor(file, pending.rootKey, head));
    await writeKeyFile(paths.keyFile, next);
    // The old keys are done with; the caller zeroes only what it gets back.
    rootKey.fill(0);
    keyring.destroy();
    return { db, file: next, rootKey: pending.rootKey, keyring: pending.keyring, rotation: 'completed' };
  } catch (error) {
    await db?.close().catch(() => undefined);
    pending.rootKey.fill(0);
    pending.keyring.destroy();
    throw error;
  } finally {
    oldAuditKey.fill(0);
    newAuditKey.fill(0);
  }
}
