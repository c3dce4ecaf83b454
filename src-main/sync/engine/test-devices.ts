/** Tests: vault folders as devices of one synced vault, over the strict local S3 peer. */
import { join } from 'node:path';
import { TEST_KDF } from '../../crypto/kdf.js';
import { tempDir, TEST_PASSPHRASE } from '../../vault/test-support.js';
import { createVault } from '../../vault/open-vault.js';
import type { Vault } from '../../vault/vault.js';
import { S3Remote } from '../remote/s3-remote.js';
import type { S3RemoteConfig } from '../remote/s3-config.js';
import { startS3Peer, type S3Peer } from '../test-peers/s3-peer.js';
import { SyncEngine } from './engine.js';
import { SyncSession } from './session.js';
import { cloneVault, setUpSync, type RemoteAccess } from './setup.js';

export interface Device {
  name: string;
  vault: Vault;
  engine: SyncEngine;
}

export interface TestCloud {
  peer: S3Peer;
  access: RemoteAccess;
  root: string;
  secretKey: string;
  devices: Device[];
  /** A new vault set up as the first device. */
  first(name?: string, fill?: (vault: Vault) => Promise<void>): Promise<Device>;
  clone(name?: string): Promise<Device>;
  /** Opens the engine again (after the test changed the device's state). */
  reopen(device: Device): Promise<void>;
  close(): Promise<void>;
}

const fastRetry: Partial<S3RemoteConfig> = {
  singlePutMax: 5 * 1024 * 1024,
  retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  partSize: 5 * 1024 * 1024,
};

export async function startTestCloud(): Promise<TestCloud> {
  const peer = await startS3Peer();
  const { dir: root, cleanup } = await tempDir('lockleaf-sync-');
  const config = peer.remoteConfig();
  const makeRemote = (c: S3RemoteConfig) => new S3Remote({ ...c, ...fastRetry });
  const access: RemoteAccess = {
    settings: {
      kind: 's3',
      endpoint: config.endpoint,
      bucket: config.bucket,
      region: config.region ?? 'us-east-1',
      accessKeyId: config.accessKeyId,
      pathStyle: true,
    },
    secretAccessKey: config.secretAccessKey,
    makeRemote,
  };
  const devices: Device[] = [];
  const engineOf = async (vault: Vault) => {
    const session = await SyncSession.open(vault.syncHost, makeRemote);
    if (!session) throw new Error('sync is not set up');
    return new SyncEngine(session, vault.syncHost);
  };
  const cloud: TestCloud = {
    peer,
    access,
    root,
    secretKey: '',
    devices,
    async first(name = 'laptop', fill) {
      const vault = await createVault(join(root, name), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
      await fill?.(vault);
      const result = await setUpSync(vault, {
        ...access,
        passphrase: TEST_PASSPHRASE,
        deviceName: name,
        kdfCost: TEST_KDF,
      });
      cloud.secretKey = result.secretKey;
      const device = { name, vault, engine: await engineOf(vault) };
      devices.push(device);
      return device;
    },
    async clone(name = `device${devices.length + 1}`) {
      const vault = await cloneVault({
        ...access,
        dir: join(root, name),
        passphrase: TEST_PASSPHRASE,
        secretKey: cloud.secretKey,
        deviceName: name,
        kdfCost: TEST_KDF,
      });
      const device = { name, vault, engine: await engineOf(vault) };
      devices.push(device);
      return device;
    },
    async reopen(device) {
      device.engine.session.close();
      device.engine = await engineOf(device.vault);
    },
    async close() {
      for (const d of devices) {
        d.engine.session.close();
        await d.vault.close().catch(() => undefined);
      }
      await peer.close();
      await cleanup();
    },
  };
  return cloud;
}

/** What a person sees of a vault, in a form two devices can be compared by. */
export async function libraryOf(vault: Vault): Promise<unknown[]> {
  const all = [...(await vault.list({ scope: 'library' })), ...(await vault.list({ scope: 'trash' }))];
  const unique = new Map(all.map((d) => [d.id, d]));
  const out = [];
  for (const id of [...unique.keys()].sort()) {
    const d = await vault.get(id);
    out.push({
      id: d.id,
      title: d.title,
      notes: d.notes,
      tags: [...d.tags].sort(),
      type: d.type,
      correspondent: d.correspondent,
      deletedAt: d.deletedAt,
      createdAt: d.createdAt,
      fields: d.customFields,
      pages: d.pages.map((p) => p.text),
    });
  }
  return out;
}

/** Syncs every device until a full pass applies nothing (bounded). */
export async function settle(devices: Device[]): Promise<void> {
  for (let pass = 0; pass < 5; pass++) {
    let applied = 0;
    let pushed = 0;
    for (const d of devices) {
      const report = await d.engine.sync();
      applied += report.applied;
      pushed += report.pushedSegments;
    }
    if (applied === 0 && pushed === 0) return;
  }
  throw new Error('devices did not settle in 5 passes');
}
