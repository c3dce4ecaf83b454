import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shortVaultId } from '../../src-shared/destroy.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { createVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { main } from './main.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const vaultDir = join(t.dir, 'vault');
  const vault = await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  const id = shortVaultId(vault.id);
  await vault.close();
  const run = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env,
      stdin: async () => '',
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { vaultDir, id, run };
}

describe('lockleaf destroy', () => {
  it('asks for the vault id first, then deletes the vault for good with the passphrase', async () => {
    const { vaultDir, id, run } = await setup();
    const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE };
    const unconfirmed = await run(env, 'destroy');
    expect(unconfirmed).toMatchObject({
      code: 1,
      err: expect.stringContaining(
        `run "lockleaf destroy --confirm ${id}". Nothing was deleted. [CONFIRMATION_MISMATCH]`,
      ),
    });
    const wrong = await run({ LOCKLEAF_PASSPHRASE: 'not the passphrase' }, 'destroy', '--confirm', id);
    expect(wrong).toMatchObject({ code: 1, err: expect.stringContaining('[WRONG_PASSPHRASE]') });
    expect(await readdir(vaultDir)).toContain('vault.key');
    expect(await run(env, 'destroy', '--confirm', id)).toMatchObject({ code: 0, out: `Vault ${id} deleted for good.` });
    await expect(readdir(vaultDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await run(env, 'ls')).toMatchObject({ code: 1, err: expect.stringContaining('[VAULT_NOT_FOUND]') });
  });
});
