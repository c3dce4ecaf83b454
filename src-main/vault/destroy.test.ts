import { link, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DESTROY_PHRASE, shortVaultId } from '../../src-shared/destroy.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { destroyVault } from './destroy.js';
import { createVault, openVault } from './open-vault.js';
import { tempDir, TEST_PASSPHRASE } from './test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

/** A closed vault holding one document (so there is a blob), as the CLI finds it. */
async function closedVault() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const dir = join(t.dir, 'vault');
  const vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  const { id } = await vault.add({ bytes: Buffer.from('the only copy of the will'), name: 'will.pdf' });
  const vaultId = vault.id;
  await vault.close();
  return { root: t.dir, dir, vaultId, docId: id };
}

const gone = async (dir: string) =>
  await readdir(dir).then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
  );
const noPassphrase = () => Promise.reject(new Error('the passphrase was asked for'));

describe('destroying a vault', () => {
  it('removes the folder, keys first, and a copy of the key file is overwritten, not just unlinked', async () => {
    const { root, dir, vaultId } = await closedVault();
    const keyBefore = await readFile(join(dir, 'vault.key'));
    // A second name for the key file's data: what it reads after the destroy is what the disk blocks hold.
    await link(join(dir, 'vault.key'), join(root, 'key-blocks'));
    await writeFile(join(dir, '.vault.key.0a1b2c.tmp'), keyBefore); // left by a write cut short
    const steps: string[] = [];
    const report = await destroyVault(
      dir,
      { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE },
      { afterStep: (s) => void steps.push(s) },
    );
    expect(report).toEqual({ vault: shortVaultId(vaultId), leftovers: [] });
    expect(steps).toEqual(['marked', 'key', 'database', 'blobs', 'throttle']);
    expect(await gone(dir)).toBe(true);
    const blocks = await readFile(join(root, 'key-blocks'));
    expect(blocks).toHaveLength(keyBefore.length);
    expect(blocks.equals(keyBefore)).toBe(false);
    expect(blocks.toString('latin1')).not.toContain('lockleaf-vault');
  });

  it('destroys nothing on a wrong confirmation or a wrong passphrase', async () => {
    const { dir, vaultId, docId } = await closedVault();
    const before = (await readdir(dir, { recursive: true })).sort();
    await expect(
      destroyVault(dir, { confirmation: 'delete my vaul', passphrase: TEST_PASSPHRASE }),
    ).rejects.toMatchObject({
      code: 'CONFIRMATION_MISMATCH',
      details: { vault: shortVaultId(vaultId) },
    });
    await expect(
      destroyVault(dir, { confirmation: shortVaultId(vaultId), passphrase: 'not the passphrase' }),
    ).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      details: { failures: 1 },
    });
    // Nothing went (only the wrong passphrase was counted), and no lock file was left behind.
    expect((await readdir(dir, { recursive: true })).sort()).toEqual([...before, 'unlock-state.json'].sort());
    const vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
    expect((await vault.readContent(docId)).toString()).toBe('the only copy of the will');
    await vault.close();
  });

  it('a destroy cut short after the key file leaves a folder open refuses, and the next destroy finishes', async () => {
    const { dir, vaultId } = await closedVault();
    const crash = new Error('power cut');
    await expect(
      destroyVault(
        dir,
        { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE },
        {
          afterStep: (s) => {
            if (s === 'key') throw crash;
          },
        },
      ),
    ).rejects.toBe(crash);
    const left = await readdir(dir);
    expect(left).not.toContain('vault.key');
    expect(left).toEqual(expect.arrayContaining(['vault.db', 'blobs', 'vault.destroying']));
    await expect(openVault(dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'VAULT_DESTROYED',
      message: expect.stringContaining(`lockleaf destroy --confirm ${shortVaultId(vaultId)}`),
    });
    await expect(destroyVault(dir, { confirmation: 'yes', passphrase: noPassphrase })).rejects.toMatchObject({
      code: 'CONFIRMATION_MISMATCH',
    });
    // The keys are gone, so finishing needs no passphrase, only the confirmation.
    expect(await destroyVault(dir, { confirmation: shortVaultId(vaultId), passphrase: noPassphrase })).toEqual({
      vault: shortVaultId(vaultId),
      leftovers: [],
    });
    expect(await gone(dir)).toBe(true);
  });

  it('a destroy cut short before the key file went still leaves a vault open refuses', async () => {
    const { dir } = await closedVault();
    await expect(
      destroyVault(
        dir,
        { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE },
        {
          afterStep: (s) => {
            if (s === 'marked') throw new Error('crash');
          },
        },
      ),
    ).rejects.toThrow('crash');
    expect(await readdir(dir)).toContain('vault.key');
    await expect(openVault(dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'VAULT_DESTROYED' });
    await destroyVault(dir, { confirmation: DESTROY_PHRASE, passphrase: noPassphrase });
    expect(await gone(dir)).toBe(true);
  });

  it('leaves files Lockleaf did not write, and the folder with them', async () => {
    const { dir } = await closedVault();
    await writeFile(join(dir, 'my notes.txt'), 'mine');
    await mkdir(join(dir, 'photos'));
    const report = await destroyVault(dir, { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE });
    expect(report.leftovers).toEqual(['my notes.txt', 'photos']);
    expect((await readdir(dir)).sort()).toEqual(['my notes.txt', 'photos']);
  });

  it('refuses a folder that is not a vault, without leaving a lock file in it', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    await writeFile(join(t.dir, 'keep.txt'), 'x');
    await expect(
      destroyVault(t.dir, { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'VAULT_NOT_FOUND' });
    expect(await readdir(t.dir)).toEqual(['keep.txt']);
  });

  it('destroys an open vault under its own process lock, after stopping its work, and only once confirmed', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'vault');
    const vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    const stopWork = vi.fn(async () => undefined);
    await expect(
      vault.destroy({ confirmation: DESTROY_PHRASE, passphrase: 'wrong passphrase' }, stopWork),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(vault.destroy({ confirmation: '', passphrase: TEST_PASSPHRASE }, stopWork)).rejects.toMatchObject({
      code: 'CONFIRMATION_MISMATCH',
    });
    expect(stopWork).not.toHaveBeenCalled();
    expect(await vault.list()).toEqual([]); // still open and usable
    // It holds its process lock throughout: no other process can open the vault half-deleted.
    const steps: string[] = [];
    const lockHeld: boolean[] = [];
    await vault.destroy({ confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE }, stopWork, {
      afterStep: async (s) => {
        steps.push(s);
        lockHeld.push((await readdir(dir)).includes('vault.lock'));
      },
    });
    expect(stopWork).toHaveBeenCalledOnce();
    expect(steps).toEqual(['marked', 'key', 'database', 'blobs', 'throttle']);
    expect(lockHeld).toEqual([true, true, true, true, true]);
    expect(await gone(dir)).toBe(true);
    await vault.close(); // a no-op now
    await expect(vault.list()).rejects.toThrow();
  });
});
