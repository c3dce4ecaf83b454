import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_KDF } from '../../crypto/kdf.js';
import { createVault, openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../test-support.js';
import * as keyFile from './key-file.js';

// readKeyFile, spied on: the test acts "in another process" at the moment it is called.
vi.mock('./key-file.js', async (original) => {
  const actual = await original<typeof import('./key-file.js')>();
  return { ...actual, readKeyFile: vi.fn(actual.readKeyFile) };
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

const NEW = 'a new passphrase, longer';

async function vaultDir() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const dir = join(t.dir, 'vault');
  await (await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF })).close();
  return dir;
}

describe('changing the passphrase', () => {
  it('slows down wrong current passphrases as unlocking does', async () => {
    const dir = await vaultDir();
    const vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
    for (let i = 1; i <= 3; i++)
      await expect(vault.changePassphrase('not the passphrase', NEW, TEST_KDF)).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
        details: { failures: i },
      });
    await expect(vault.changePassphrase(TEST_PASSPHRASE, NEW, TEST_KDF)).rejects.toMatchObject({
      code: 'UNLOCK_THROTTLED',
    });
    await vault.close();
  });

  it('is never undone by a process that read the key file before it took the vault', async () => {
    const dir = await vaultDir();
    const read = vi.mocked(keyFile.readKeyFile);
    const actual = read.getMockImplementation()!;
    let other: { changed: boolean; error?: unknown } | undefined;
    // Every time this process reads the key file, another one tries to change the passphrase first.
    read.mockImplementation(async (path) => {
      const file = await actual(path);
      if (!other) {
        other = { changed: false };
        read.mockImplementation(actual);
        try {
          const elsewhere = await openVault(dir, { passphrase: TEST_PASSPHRASE });
          await elsewhere.changePassphrase(TEST_PASSPHRASE, NEW, TEST_KDF);
          await elsewhere.close();
          other.changed = true;
        } catch (error) {
          other.error = error;
        }
      }
      return file;
    });
    const opening = openVault(dir, { passphrase: TEST_PASSPHRASE }).then(
      async (vault) => {
        await vault.add({ bytes: Buffer.from('written after'), name: 'a.txt' }); // writes the key file (audit anchor)
        await vault.close();
        return 'opened';
      },
      (error: { code?: string }) => error.code,
    );
    const outcome = await opening;
    read.mockImplementation(actual);
    // Whichever came first, the passphrase that works is the one the change reported.
    if (other?.changed) {
      expect(outcome).toBe('WRONG_PASSPHRASE');
      await (await openVault(dir, { passphrase: NEW })).close();
      await expect(openVault(dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    } else {
      expect(other?.error).toMatchObject({ code: 'VAULT_LOCKED_BY_OTHER_PROCESS' });
      expect(outcome).toBe('opened');
      await (await openVault(dir, { passphrase: TEST_PASSPHRASE })).close();
    }
  });
});
