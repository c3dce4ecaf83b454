import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, seal } from '../../crypto/aead.js';
import { TEST_KDF } from '../../crypto/kdf.js';
import { createVault, openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('a keyring sealed as text by an earlier version', () => {
  it('is sealed again as bytes at the next unlock, so its keys stop passing through strings', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'vault');
    let vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    const { id } = await vault.add({ bytes: Buffer.from('kept across the re-seal'), name: 'a.txt' });
    const ctx = vault.context;
    const aad = `keyring:${ctx.keyFile.vaultId}`;
    // What earlier versions wrote: the keyring as JSON with base64 keys.
    await ctx.updateKeyFile((file) => ({
      ...file,
      keyring: seal(ctx.root, Buffer.from(JSON.stringify(ctx.keyring.toJson())), aad).toString('base64'),
    }));
    await vault.close();

    vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
    const plain = open(vault.context.root, Buffer.from(vault.context.keyFile.keyring, 'base64'), aad);
    expect(plain.subarray(0, 4).toString('latin1')).toBe('LLKR');
    expect((await vault.readContent(id)).toString()).toBe('kept across the re-seal');
    await vault.close();
  });
});
