/**
 * `vault.key`: everything needed to unlock, and nothing usable without the
 * passphrase. The root key is wrapped by the passphrase-derived key; the
 * keyring is sealed under the root key. Changing the passphrase re-wraps the
 * root key only; rotating keys re-seals the keyring only.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuthenticationError, open, randomKey, seal } from '../../crypto/aead.js';
import { deriveKey, kdfParamsSchema, newKdfParams, type KdfCost } from '../../crypto/kdf.js';
import { Keyring } from '../../crypto/keyring.js';
import { atomicWriteFile } from '../../fs/atomic-write.js';
import { LockleafError } from '../../errors.js';

export const KEY_FILE_FORMAT = 'lockleaf-vault';

// zod's own base64 check, the one the bridge uses too; never empty here.
const b64 = z.base64().min(1);
export const keyFileSchema = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  formatVersion: z.literal(1),
  vaultId: z.uuid(),
  createdAt: z.string(),
  kdf: kdfParamsSchema,
  /**
   * `device`: a wrap by the OS keychain that earlier versions wrote for
   * "Remember on this device". It is no longer read, and is removed at the
   * next unlock (see dropDeviceWrap).
   */
  rootWraps: z.object({ passphrase: b64, device: b64.optional() }),
  keyring: b64,
  /** The newest audit entry (seq, mac), sealed under the root key: see audit-log.ts. */
  auditAnchor: b64.optional(),
  /**
   * A full key rotation under way (full-rotation.ts): the next root key,
   * wrapped by the same passphrase, and the next keyring sealed under it.
   * Written before the database is rekeyed, promoted once it is; an unlock
   * that finds it settles the rotation either way.
   */
  pendingRotation: z.object({ kdf: kdfParamsSchema, rootWrap: b64, keyring: b64 }).optional(),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

const aad = {
  passphrase: (id: string) => `root:passphrase:${id}`,
  keyring: (id: string) => `keyring:${id}`,
};

export async function readKeyFile(path: string): Promise<KeyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LockleafError('VAULT_NOT_FOUND', `No vault here (missing ${path}). Run "lockleaf init" to create one.`);
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LockleafError('VAULT_CORRUPT', `The vault key file ${path} is damaged (not JSON). Nothing was changed.`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== KEY_FILE_FORMAT) {
    throw new LockleafError('VAULT_CORRUPT', `${path} is not a Lockleaf vault key file. Nothing was changed.`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new LockleafError(
      'VAULT_CORRUPT',
      `The vault key file ${path} is damaged or from an unknown version. Nothing was changed.`,
    );
  }
  return parsed.data;
}

export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await atomicWriteFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

export async function createKeyFile(
  passphrase: string,
  cost?: KdfCost,
  /** A clone takes its vault's id (it names the vault in every synced object's associated data). */
  vaultId: string = randomUUID(),
): Promise<{ file: KeyFile; rootKey: Buffer; keyring: Keyring }> {
  const kdf = newKdfParams(cost);
  const kek = await deriveKey(passphrase, kdf);
  const rootKey = randomKey();
  const keyring = Keyring.create();
  const file: KeyFile = {
    format: KEY_FILE_FORMAT,
    formatVersion: 1,
    vaultId,
    createdAt: new Date().toISOString(),
    kdf,
    rootWraps: { passphrase: seal(kek, rootKey, aad.passphrase(vaultId)).toString('base64') },
    keyring: '',
  };
  kek.fill(0);
  return { file: sealKeyring(file, rootKey, keyring), rootKey, keyring };
}

export async function unwrapWithPassphrase(file: KeyFile, passphrase: string): Promise<Buffer> {
  const kek = await deriveKey(passphrase, file.kdf);
  try {
    return open(kek, Buffer.from(file.rootWraps.passphrase, 'base64'), aad.passphrase(file.vaultId));
  } catch (error) {
    if (error instanceof AuthenticationError) throw new LockleafError('WRONG_PASSPHRASE', 'Wrong passphrase.');
    throw error;
  } finally {
    kek.fill(0);
  }
}

export function openKeyring(file: KeyFile, rootKey: Buffer): Keyring {
  let plain: Buffer;
  try {
    plain = open(rootKey, Buffer.from(file.keyring, 'base64'), aad.keyring(file.vaultId));
  } catch {
    throw new LockleafError('VAULT_CORRUPT', 'The vault keyring is damaged. Nothing was changed.');
  }
  try {
    return Keyring.fromBytes(plain);
  } finally {
    plain.fill(0);
  }
}

export function sealKeyring(file: KeyFile, rootKey: Buffer, keyring: Keyring): KeyFile {
  const plain = keyring.toBytes();
  const sealed = seal(rootKey, plain, aad.keyring(file.vaultId)).toString('base64');
  plain.fill(0);
  return { ...file, keyring: sealed };
}

export async function rewrapPassphrase(
  file: KeyFile,
  rootKey: Buffer,
  passphrase: string,
  cost?: KdfCost,
): Promise<KeyFile> {
  // The pending root key is wrapped by the current passphrase; changing it now could leave a rekeyed database unopenable.
  if (file.pendingRotation) {
    throw new LockleafError(
      'NOT_AVAILABLE',
      'A full key rotation is not finished. Lock and unlock the vault (that finishes it), then change the passphrase; nothing was changed.',
    );
  }
  const kdf = newKdfParams(cost ?? file.kdf);
  const kek = await deriveKey(passphrase, kdf);
  const wrapped = seal(kek, rootKey, aad.passphrase(file.vaultId)).toString('base64');
  kek.fill(0);
  return { ...file, kdf, rootWraps: { ...file.rootWraps, passphrase: wrapped } };
}

/**
 * Removes an OS-keychain wrap of the root key left by an earlier version.
 * Electron's safeStorage gives it to any code running as the user, with no
 * prompt, so a vault that opened from it was open to anyone at the unlocked
 * session, and auto-lock protected nothing.
 */
export function dropDeviceWrap(file: KeyFile): KeyFile {
  const { device: _old, ...rest } = file.rootWraps;
  return { ...file, rootWraps: rest };
}

/** Adds the next root key (wrapped by `passphrase` under a fresh salt) and keyring (sealed under it) as a pending rotation. */
export async function withPendingRotation(
  file: KeyFile,
  nextRoot: Buffer,
  nextKeyring: Keyring,
  passphrase: string,
): Promise<KeyFile> {
  const kdf = newKdfParams(file.kdf);
  const kek = await deriveKey(passphrase, kdf);
  try {
    const rootWrap = seal(kek, nextRoot, aad.passphrase(file.vaultId)).toString('base64');
    const keyring = sealKeyring(file, nextRoot, nextKeyring).keyring;
    return { ...file, pendingRotation: { kdf, rootWrap, keyring } };
  } finally {
    kek.fill(0);
  }
}

/** The pending rotation's root key and keyring (the caller zeroes and destroys them). */
export async function openPendingRotation(
  file: KeyFile,
  passphrase: string,
): Promise<{ rootKey: Buffer; keyring: Keyring }> {
  const pending = file.pendingRotation;
  if (!pending) throw new Error('no pending rotation');
  const staged: KeyFile = {
    ...file,
    kdf: pending.kdf,
    rootWraps: { passphrase: pending.rootWrap },
    keyring: pending.keyring,
  };
  const rootKey = await unwrapWithPassphrase(staged, passphrase);
  try {
    return { rootKey, keyring: openKeyring(staged, rootKey) };
  } catch (error) {
    rootKey.fill(0);
    throw error;
  }
}

/** The pending root key and keyring become the current ones; `auditAnchor` must be sealed under the new root key. */
export function promotePendingRotation(file: KeyFile, auditAnchor: string): KeyFile {
  const pending = file.pendingRotation;
  if (!pending) throw new Error('no pending rotation');
  const { pendingRotation: _done, ...rest } = file;
  return {
    ...rest,
    kdf: pending.kdf,
    rootWraps: { passphrase: pending.rootWrap },
    keyring: pending.keyring,
    auditAnchor,
  };
}

export function dropPendingRotation(file: KeyFile): KeyFile {
  const { pendingRotation: _abandoned, ...rest } = file;
  return rest;
}

const anchorAad = (file: KeyFile) => `audit-anchor:${file.vaultId}`;

/** The newest audit entry (seq, mac) sealed under the root key, for `auditAnchor`. */
export function sealAuditAnchor(file: KeyFile, rootKey: Buffer, head: { seq: number; mac: string }): string {
  return seal(rootKey, Buffer.from(JSON.stringify(head)), anchorAad(file)).toString('base64');
}

export function openAuditAnchor(file: KeyFile, rootKey: Buffer): { seq: number; mac: string } | undefined {
  if (!file.auditAnchor) return undefined;
  const plain = open(rootKey, Buffer.from(file.auditAnchor, 'base64'), anchorAad(file));
  return JSON.parse(plain.toString('utf8')) as { seq: number; mac: string };
}
