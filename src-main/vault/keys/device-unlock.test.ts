import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../crypto/kdf.js';
import { createVault, openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../test-support.js';
import { MemorySecretStore } from './secret-store.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('device unlock (secret store wrap)', () => {
  it('unlocks without the passphrase on the device that was remembered, and stops when forgotten', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'vault');
    const store = new MemorySecretStore();
    let vault = await createVault(dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF, deviceStore: store });
    const { id } = await vault.add({ bytes: Buffer.from('hello device'), name: 'h.txt' });
    await vault.close();

    vault = await openVault(dir, { deviceStore: store });
    expect((await vault.readContent(id)).toString()).toBe('hello device');
    await vault.close();

    await expect(openVault(dir, { deviceStore: new MemorySecretStore() })).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });
    const unavailable = Object.assign(new MemorySecretStore(), { isAvailable: () => false });
    await expect(openVault(dir, { deviceStore: unavailable })).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });

    vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
    await vault.setDeviceUnlock(undefined);
    await vault.close();
    await expect(openVault(dir, { deviceStore: store })).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });
  });
});
