import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../crypto/kdf.js';
import { createVault, openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../test-support.js';
import { keyFileSchema, writeKeyFile } from './key-file.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

const readKey = async (dir: string) => keyFileSchema.parse(JSON.parse(await readFile(join(dir, 'vault.key'), 'utf8')));

describe('no device unlock: the passphrase is the only way in', () => {
  it('removes an OS-keychain wrap an earlier version wrote, at the next unlock, and says so in the audit log', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'vault');
    let vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    const { id } = await vault.add({ bytes: Buffer.from('hello device'), name: 'h.txt' });
    await vault.close();
    // What "Remember on this device" left in vault.key (the bytes are whatever safeStorage returned).
    const withWrap = await readKey(dir);
    await writeKeyFile(join(dir, 'vault.key'), {
      ...withWrap,
      rootWraps: { ...withWrap.rootWraps, device: Buffer.from('keychain ciphertext').toString('base64') },
    });

    vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
    expect((await vault.readContent(id)).toString()).toBe('hello device');
    const actions = await vault.context.db.read.all<{ action: string; details: string }>(
      "SELECT action, details FROM audit_log WHERE action = 'vault.device_unlock_changed'",
    );
    expect(actions).toHaveLength(1);
    expect((await vault.verifyAudit()).ok).toBe(true);
    await vault.close();
    const after = await readKey(dir);
    expect(after.rootWraps).toEqual({ passphrase: withWrap.rootWraps.passphrase });
  });

  it('a new vault has only the passphrase wrap', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'vault');
    await (await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF })).close();
    expect(Object.keys((await readKey(dir)).rootWraps)).toEqual(['passphrase']);
  });
});
