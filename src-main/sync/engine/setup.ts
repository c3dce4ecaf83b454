/**
 * Setting sync up on the first device, and cloning the vault onto another.
 *
 * Set-up claims an empty bucket: it makes the Secret Key, the remote keyring
 * (content key of epoch 1, name key, document-id key) wrapped with the
 * passphrase and the Secret Key, this device's id and signing key; writes
 * the keyring and the device record with conditional creates (a bucket that
 * already holds a vault is refused, never overwritten); and marks everything
 * in the vault for the first round to send.
 *
 * Clone reads the keyring with the passphrase and the Secret Key before it
 * writes anything; a wrong secret, a bucket that is not Lockleaf's or one
 * written by a newer version is refused with a named error and no folder.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { LockleafError } from '../../errors.js';
import type { KdfCost } from '../../crypto/kdf.js';
import type { WriteDb } from '../../vault/db/connection.js';
import { createVault } from '../../vault/open-vault.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Vault } from '../../vault/vault.js';
import {
  createRemoteKeyring,
  openRemoteKeyring,
  destroyRemoteKeyringPayload,
  type RemoteKeyringPayload,
} from '../keys/remote-keyring.js';
import { emergencyKitHtml, emergencyKitText } from '../keys/emergency-kit.js';
import { formatSecretKey, newSecretKey, parseSecretKey } from '../keys/secret-key.js';
import { ZERO_HASH } from '../log/sealed-object.js';
import type { Remote } from '../remote/remote.js';
import { S3Remote } from '../remote/s3-remote.js';
import type { S3RemoteConfig } from '../remote/s3-config.js';
import { deviceObjectName, sealDevice } from './devices.js';
import { encodeKeyringPayload, remoteSettingsSchema, s3ConfigOf, type RemoteSettings } from './session.js';

export const KEYRING_OBJECT = 'keyring';

export interface RemoteAccess {
  settings: RemoteSettings;
  secretAccessKey: string;
  /** Tests and benches: wrap or replace the S3 remote. */
  makeRemote?: (config: S3RemoteConfig) => Remote;
}

function remoteOf(access: RemoteAccess): Remote {
  const settings = remoteSettingsSchema.parse(access.settings);
  const config = s3ConfigOf(settings, access.secretAccessKey);
  return access.makeRemote ? access.makeRemote(config) : new S3Remote(config);
}

function closeRemote(remote: Remote): void {
  (remote as Partial<{ close(): void }>).close?.();
}

async function storeMembership(
  tx: WriteDb,
  host: SyncHost,
  input: {
    access: RemoteAccess;
    deviceId: string;
    deviceName: string;
    generation: number;
    publicKey: string;
    privateKey: Buffer;
    payload: RemoteKeyringPayload;
    secretKey: Buffer;
    kek: Buffer;
  },
): Promise<void> {
  await tx.run(
    `INSERT INTO sync_config (id, remote, device_id, device_name, keyring_generation, own_hash) VALUES (1, ?, ?, ?, ?, ?)`,
    [JSON.stringify(input.access.settings), input.deviceId, input.deviceName, input.generation, ZERO_HASH],
  );
  await host.putSyncSecret(tx, 'bucket', Buffer.from(input.access.secretAccessKey, 'utf8'));
  await host.putSyncSecret(tx, 'signing-key', input.privateKey);
  const payload = encodeKeyringPayload(input.payload);
  await host.putSyncSecret(tx, 'keyring', payload);
  payload.fill(0);
  await host.putSyncSecret(tx, 'secret-key', input.secretKey);
  await host.putSyncSecret(tx, 'kek', input.kek);
  // This device's audit log so far travels too, so the others can show it.
  await tx.run(
    `INSERT OR IGNORE INTO sync_dirty (entity, rid) SELECT 'audit', ? || '.' || seq FROM audit_log WHERE action != 'audit.checkpoint'`,
    [input.deviceId],
  );
  await tx.run('INSERT INTO sync_devices (device_id, public_key, name, added_at) VALUES (?, ?, ?, ?)', [
    input.deviceId,
    input.publicKey,
    input.deviceName,
    new Date().toISOString(),
  ]);
}

function newDevice() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    deviceId: randomBytes(16).toString('hex'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

async function publishDevice(
  remote: Remote,
  payload: RemoteKeyringPayload,
  vaultId: string,
  device: ReturnType<typeof newDevice>,
  name: string,
) {
  const record = sealDevice(payload.nameKey, vaultId, {
    format: 1,
    deviceId: device.deviceId,
    name,
    publicKey: device.publicKey,
    addedAt: new Date().toISOString(),
  });
  if ((await remote.create(record.name, record.bytes)) === 'exists') throw new Error('device id collision');
}

export interface SetUpResult {
  /** Shown once (the emergency kit); sealed in the vault from now on. */
  secretKey: string;
  deviceId: string;
  /** The emergency kit, as text (a file, the terminal) and as a printable page. */
  kitText: string;
  kitHtml: string;
}

export async function setUpSync(
  vault: Vault,
  input: RemoteAccess & { passphrase: string; deviceName: string; kdfCost?: KdfCost },
): Promise<SetUpResult> {
  const host = vault.syncHost;
  if (await host.read.get('SELECT 1 FROM sync_config'))
    throw new LockleafError(
      'SYNC_ALREADY_SET_UP',
      'Sync is already set up on this vault. Remove it first to use another bucket.',
    );
  await host.checkPassphrase(input.passphrase);
  const remote = remoteOf(input);
  const secretKey = newSecretKey();
  const payload: RemoteKeyringPayload = {
    epochs: { 1: randomBytes(32) },
    current: 1,
    nameKey: randomBytes(32),
    docIdKey: randomBytes(32),
  };
  const device = newDevice();
  let kek: Buffer | undefined;
  try {
    if (await remote.head(KEYRING_OBJECT))
      throw new LockleafError(
        'SYNC_REMOTE_IN_USE',
        'This bucket already holds a Lockleaf vault. To use it here, clone it into a new vault folder (lockleaf clone, or "Open a synced vault").',
      );
    const made = await createRemoteKeyring({
      vaultId: host.vaultId,
      passphrase: input.passphrase,
      secretKey,
      payload,
      cost: input.kdfCost,
    });
    kek = made.kek;
    if ((await remote.create(KEYRING_OBJECT, made.bytes)) === 'exists')
      throw new LockleafError(
        'SYNC_REMOTE_IN_USE',
        'Another vault claimed this bucket a moment ago. Nothing was changed here.',
      );
    try {
      await publishDevice(remote, payload, host.vaultId, device, input.deviceName);
      await host.write(async (tx) => {
        await storeMembership(tx, host, {
          access: input,
          ...device,
          deviceName: input.deviceName,
          generation: 1,
          payload,
          secretKey,
          kek: kek!,
        });
        // Everything already in the vault goes out with the first round.
        await tx.run(`INSERT OR IGNORE INTO sync_dirty (entity, rid) SELECT 'doc', id FROM documents`);
        await tx.run(`INSERT OR IGNORE INTO sync_dirty (entity, rid) VALUES ('view', 'all'), ('setting', 'app')`);
      });
    } catch (error) {
      // The bucket was claimed with a Secret Key nobody has seen yet: give it back, so set-up can simply be tried again.
      await remote.delete(deviceObjectName(payload.nameKey, device.deviceId)).catch(() => undefined);
      await remote.delete(KEYRING_OBJECT).catch(() => undefined);
      throw error;
    }
    await host.audit('sync.set_up', { bucket: input.settings.bucket, device: device.deviceId });
    const kit = {
      secretKey,
      vaultId: host.vaultId,
      remote: { kind: input.settings.kind, endpoint: input.settings.endpoint, bucket: input.settings.bucket },
      createdAt: new Date(),
    };
    return {
      secretKey: formatSecretKey(secretKey),
      deviceId: device.deviceId,
      kitText: emergencyKitText(kit),
      kitHtml: emergencyKitHtml(kit),
    };
  } finally {
    kek?.fill(0);
    secretKey.fill(0);
    device.privateKey.fill(0);
    destroyRemoteKeyringPayload(payload);
    closeRemote(remote);
  }
}

export interface CloneInput extends RemoteAccess {
  dir: string;
  passphrase: string;
  secretKey: string;
  deviceName: string;
  /** The new vault's key file; default: the bucket keyring's own cost. */
  kdfCost?: KdfCost;
}

/** A new vault in `dir` joined to the bucket's vault; the caller runs the first sync round. */
export async function cloneVault(input: CloneInput): Promise<Vault> {
  const secretKey = parseSecretKey(input.secretKey);
  const remote = remoteOf(input);
  let vault: Vault | undefined;
  try {
    const object = await remote.get(KEYRING_OBJECT);
    if (!object)
      throw new LockleafError(
        'SYNC_NOT_LOCKLEAF',
        'This bucket holds no Lockleaf vault (no keyring). Check the bucket name, or set sync up from the device that has the vault.',
      );
    const opened = await openRemoteKeyring(object.bytes, { passphrase: input.passphrase, secretKey });
    const device = newDevice();
    try {
      const { memoryKiB, iterations, parallelism } = opened.header.kdf;
      vault = await createVault(input.dir, input.passphrase, {
        // Unless told otherwise, the clone's key file takes the Argon2 cost of the bucket's keyring (authenticated: the
        // header is its associated data), so a passphrase is as costly to guess on every device as where sync was set up.
        kdfCost: input.kdfCost ?? { memoryKiB, iterations, parallelism },
        vaultId: opened.header.vaultId,
      });
      const host = vault.syncHost;
      await publishDevice(remote, opened.payload, host.vaultId, device, input.deviceName);
      await host.write((tx) =>
        storeMembership(tx, host, {
          access: input,
          ...device,
          deviceName: input.deviceName,
          generation: opened.header.generation,
          payload: opened.payload,
          secretKey,
          kek: opened.kek,
        }),
      );
      await host.audit('sync.cloned', { bucket: input.settings.bucket, device: device.deviceId });
      return vault;
    } finally {
      opened.kek.fill(0);
      device.privateKey.fill(0);
      destroyRemoteKeyringPayload(opened.payload);
    }
  } catch (error) {
    if (vault) {
      await vault.close().catch(() => undefined);
      await rm(input.dir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    secretKey.fill(0);
    closeRemote(remote);
  }
}
