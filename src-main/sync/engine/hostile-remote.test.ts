/**
 * A hostile or broken bucket: every refusal is named and changes nothing on
 * the device (its library and what it has seen stay as they were).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../crypto/kdf.js';
import { TEST_PASSPHRASE } from '../../vault/test-support.js';
import { blobName, segmentName, segmentPrefix } from '../log/names.js';
import { formatSecretKey, newSecretKey } from '../keys/secret-key.js';
import { S3Remote } from '../remote/s3-remote.js';
import { cloneVault, KEYRING_OBJECT } from './setup.js';
import { libraryOf, startTestCloud, type Device, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

/**
 * The laptop writes three segments; the desktop has seen the first `seen` of
 * them. Each segment's bytes are kept as written (cleanup may later delete
 * the ones every device has), for the bucket to replay.
 */
async function chainOfThree(seen: number) {
  cloud = await startTestCloud();
  const a = await cloud.first('laptop', async (vault) => {
    await vault.add({ bytes: Buffer.from('insurance policy'), name: 'policy.pdf' });
  });
  const raw = new S3Remote(cloud.peer.remoteConfig());
  const name = (seq: number) => segmentName(a.engine.session.nameKey, a.engine.session.deviceId, seq);
  const written = new Map<number, Uint8Array>();
  const keep = async (seq: number) => written.set(seq, (await raw.get(name(seq)))!.bytes);
  await a.engine.sync();
  await keep(1);
  const b = await cloud.clone('desktop');
  const id = (await a.vault.list())[0]!.id;
  if (seen >= 1) await b.engine.sync();
  for (const [seq, title] of [
    [2, 'Policy 2'],
    [3, 'Policy 3'],
  ] as const) {
    await a.vault.update(id, { title });
    await a.engine.sync();
    await keep(seq);
    if (seen >= seq) await b.engine.sync();
  }
  // What the desktop has not seen is all there.
  const listed = await raw.list(segmentPrefix(a.engine.session.nameKey, a.engine.session.deviceId));
  expect(listed.length).toBeGreaterThanOrEqual(3 - seen);
  return { a, b, raw, name, id, written };
}

async function unchanged(device: Device, attempt: () => Promise<unknown>, code: string) {
  const before = await libraryOf(device.vault);
  const chain = await device.vault.syncHost.read.get('SELECT chain FROM sync_config');
  await expect(attempt()).rejects.toMatchObject({ code });
  expect(await libraryOf(device.vault)).toEqual(before);
  expect(await device.vault.syncHost.read.get('SELECT chain FROM sync_config')).toEqual(chain);
  const status = await device.vault.syncHost.read.get<{ last_error: string }>('SELECT last_error FROM sync_config');
  expect(JSON.parse(status!.last_error)).toMatchObject({ code });
}

describe('a hostile bucket', () => {
  it('refuses a rollback: the newest segment a device has seen is gone', async () => {
    const { b, raw, name } = await chainOfThree(3);
    await raw.delete(name(3));
    await unchanged(b, () => b.engine.sync(), 'SYNC_ROLLBACK');
  });

  it('refuses a gap: a segment in the middle is missing', async () => {
    const { b, raw, name } = await chainOfThree(1);
    await raw.delete(name(2));
    await unchanged(b, () => b.engine.sync(), 'SYNC_GAP');
  });

  it('refuses a replay: an older segment served under a newer name', async () => {
    const { b, raw, name, written } = await chainOfThree(1);
    await raw.delete(name(2));
    await raw.create(name(2), written.get(1)!);
    await unchanged(b, () => b.engine.sync(), 'SYNC_REPLAY');
  });

  it('refuses an altered segment', async () => {
    const { b, raw, name } = await chainOfThree(1);
    const bytes = Buffer.from((await raw.get(name(2)))!.bytes);
    bytes[bytes.length - 100]! ^= 1;
    await raw.delete(name(2));
    await raw.create(name(2), bytes);
    await unchanged(b, () => b.engine.sync(), 'SYNC_TAMPERED');
    const audit = await b.vault.syncHost.read.all<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'sync.refused'`,
    );
    expect(audit.length).toBe(1);
  });

  it('refuses two documents whose files were swapped in the bucket, and stores neither swapped file', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (vault) => {
      await vault.add({ bytes: Buffer.from('will and testament'), name: 'will.pdf' });
      await vault.add({ bytes: Buffer.from('birth certificate'), name: 'birth.pdf' });
    });
    await a.engine.sync();
    const raw = new S3Remote(cloud.peer.remoteConfig());
    const names = (await a.vault.syncHost.read.all<{ blob_name: string }>('SELECT blob_name FROM documents')).map((r) =>
      blobName(a.engine.session.nameKey, r.blob_name),
    );
    const [x, y] = await Promise.all(names.map((n) => raw.get(n)));
    for (const n of names) await raw.delete(n);
    await raw.create(names[0]!, y!.bytes);
    await raw.create(names[1]!, x!.bytes);
    const b = await cloud.clone('desktop');
    await expect(b.engine.sync()).rejects.toMatchObject({ code: 'SYNC_TAMPERED' });
    for (const doc of await b.vault.list())
      await expect(b.vault.readContent(doc.id)).rejects.toMatchObject({ code: 'BLOB_MISSING' });
  });
});

describe('clone refuses before it writes anything', () => {
  const cloneInto = (c: TestCloud, dir: string, secretKey: string) =>
    cloneVault({ ...c.access, dir, passphrase: TEST_PASSPHRASE, secretKey, deviceName: 'x', kdfCost: TEST_KDF });

  it('a wrong Secret Key, a wrong passphrase, a bucket with no vault, a newer format', async () => {
    cloud = await startTestCloud();
    const dir = join(cloud.root, 'clone');
    await expect(cloneInto(cloud, dir, formatSecretKey(newSecretKey()))).rejects.toMatchObject({
      code: 'SYNC_NOT_LOCKLEAF',
    });
    await cloud.first('laptop');
    await expect(cloneInto(cloud, dir, formatSecretKey(newSecretKey()))).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE_OR_SECRET_KEY',
    });
    await expect(
      cloneVault({
        ...cloud.access,
        dir,
        passphrase: 'not the passphrase',
        secretKey: cloud.secretKey,
        deviceName: 'x',
        kdfCost: TEST_KDF,
      }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE_OR_SECRET_KEY' });
    const raw = new S3Remote(cloud.peer.remoteConfig());
    const keyring = Buffer.from((await raw.get(KEYRING_OBJECT))!.bytes);
    keyring.writeUInt16BE(99, 4);
    await raw.delete(KEYRING_OBJECT);
    await raw.create(KEYRING_OBJECT, keyring);
    await expect(cloneInto(cloud, dir, cloud.secretKey)).rejects.toMatchObject({ code: 'SYNC_NEWER_FORMAT' });
    expect(existsSync(dir)).toBe(false);
  });
});
