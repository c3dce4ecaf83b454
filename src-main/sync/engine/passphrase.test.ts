import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../crypto/kdf.js';
import { openVault } from '../../vault/open-vault.js';
import { TEST_PASSPHRASE } from '../../vault/test-support.js';
import { adoptNewPassphrase, changePassphraseEverywhere } from './passphrase.js';
import { settle, startTestCloud, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const NEXT = 'a brand new passphrase';

describe('a passphrase changed on one device', () => {
  it('applies on the others: they stop, ask for the new one, and take it', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (v) => {
      await v.add({ bytes: Buffer.from('deeds'), name: 'deeds.pdf' });
    });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await settle([a, b]);

    await expect(
      changePassphraseEverywhere(a.vault.syncHost, 'not the passphrase', NEXT, TEST_KDF),
    ).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await changePassphraseEverywhere(a.vault.syncHost, TEST_PASSPHRASE, NEXT, TEST_KDF);
    await cloud.reopen(a);
    await a.engine.sync();
    await expect(b.engine.sync()).rejects.toMatchObject({ code: 'SYNC_PASSPHRASE_CHANGED' });
    await expect(adoptNewPassphrase(b.vault.syncHost, 'a guess at the new one', TEST_KDF)).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE_OR_SECRET_KEY',
    });
    await adoptNewPassphrase(b.vault.syncHost, NEXT, TEST_KDF);
    await cloud.reopen(b);
    await a.vault.update((await a.vault.list())[0]!.id, { title: 'Deeds to the house' });
    await settle([a, b]);
    expect((await b.vault.list())[0]!.title).toBe('Deeds to the house');

    // Both vaults now open with the new passphrase only.
    for (const d of [a, b]) {
      const dir = d.vault.dir;
      d.engine.session.close();
      await d.vault.close();
      await expect(openVault(dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      d.vault = await openVault(dir, { passphrase: NEXT });
      await cloud.reopen(d);
    }
  });
});

describe('key rotation with sync set up', () => {
  it('re-seals the bucket credentials and sync keys under the new data key, and sync goes on', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (v) => {
      await v.add({ bytes: Buffer.from('mortgage offer'), name: 'offer.pdf' });
    });
    await a.engine.sync();
    const report = await a.vault.rotateKeys();
    expect(report.finished).toBe(true);
    const versions = await a.vault.syncHost.read.all<{ key_version: number }>(
      'SELECT DISTINCT key_version FROM sync_secrets',
    );
    expect(versions).toEqual([{ key_version: report.version }]);
    await cloud.reopen(a);
    await a.vault.update((await a.vault.list())[0]!.id, { title: 'Mortgage offer' });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await b.engine.sync();
    const [doc] = await b.vault.list();
    expect(doc!.title).toBe('Mortgage offer');
    // Rotation re-encrypted the file under a new key and name: the clone has the new one, whole.
    expect((await b.vault.readContent(doc!.id)).toString()).toBe('mortgage offer');
  });
});
