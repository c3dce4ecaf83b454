/** Helpers for tests: throwaway vaults with cheap key derivation. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF } from '../crypto/kdf.js';
import { createVault } from './open-vault.js';
import type { Vault } from './vault.js';

export const TEST_PASSPHRASE = 'test passphrase 1234';

export async function tempDir(prefix = 'lockleaf-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function tempVault(): Promise<{ vault: Vault; dir: string; root: string; cleanup: () => Promise<void> }> {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, 'vault');
  const vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  return {
    vault,
    dir,
    root,
    cleanup: async () => {
      await vault.close().catch(() => undefined);
      await cleanup();
    },
  };
}
