/**
 * A sync session: what an unlocked vault needs in memory to sync — the
 * bucket's settings and credentials, this device's id and signing key, and
 * the remote keyring (content key per epoch, name key, document-id key), all
 * opened from the vault's sealed secrets. Made after unlock; `close` zeroes
 * the keys and drops the remote at lock.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { LockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Remote } from '../remote/remote.js';
import { S3Remote } from '../remote/s3-remote.js';
import type { S3RemoteConfig } from '../remote/s3-config.js';
import type { RemoteKeyringPayload } from '../keys/remote-keyring.js';

export const remoteSettingsSchema = z
  .object({
    kind: z.enum(['r2', 's3']),
    endpoint: z.string().url(),
    bucket: z.string().min(3).max(63),
    region: z.string().min(1).max(64),
    accessKeyId: z.string().min(1).max(256),
    pathStyle: z.boolean(),
  })
  .strict();
export type RemoteSettings = z.infer<typeof remoteSettingsSchema>;

export interface SyncConfigRow {
  remote: string;
  device_id: string;
  device_name: string;
  keyring_generation: number;
  next_seq: number;
  own_hash: string;
  chain: string;
  hlc_last: string | null;
  snap_seq: number;
  snap_own_seq: number;
  last_sync_at: string | null;
  last_error: string | null;
}

/** The keyring payload as sealed in the vault: JSON with base64 keys. */
export function encodeKeyringPayload(p: RemoteKeyringPayload): Buffer {
  return Buffer.from(
    JSON.stringify({
      epochs: Object.fromEntries(Object.entries(p.epochs).map(([e, k]) => [e, k.toString('base64')])),
      current: p.current,
      nameKey: p.nameKey.toString('base64'),
      docIdKey: p.docIdKey.toString('base64'),
    }),
  );
}

export function decodeKeyringPayload(bytes: Buffer): RemoteKeyringPayload {
  const raw = JSON.parse(bytes.toString('utf8')) as {
    epochs: Record<string, string>;
    current: number;
    nameKey: string;
    docIdKey: string;
  };
  return {
    epochs: Object.fromEntries(Object.entries(raw.epochs).map(([e, k]) => [Number(e), Buffer.from(k, 'base64')])),
    current: raw.current,
    nameKey: Buffer.from(raw.nameKey, 'base64'),
    docIdKey: Buffer.from(raw.docIdKey, 'base64'),
  };
}

export function s3ConfigOf(settings: RemoteSettings, secretAccessKey: string): S3RemoteConfig {
  return {
    endpoint: settings.endpoint,
    bucket: settings.bucket,
    region: settings.region,
    accessKeyId: settings.accessKeyId,
    secretAccessKey,
    forcePathStyle: settings.pathStyle,
  };
}

export class SyncSession {
  private constructor(
    readonly remote: Remote,
    readonly settings: RemoteSettings,
    readonly deviceId: string,
    readonly deviceName: string,
    readonly signingKey: KeyObject,
    readonly keyring: RemoteKeyringPayload,
    readonly secretKey: Buffer,
    readonly kek: Buffer,
  ) {}

  get nameKey(): Buffer {
    return this.keyring.nameKey;
  }

  get contentKey(): Buffer {
    const key = this.keyring.epochs[this.keyring.current];
    if (!key) throw new Error('the remote keyring has no key for its current epoch');
    return key;
  }

  /**
   * Opens the session of a vault with sync set up, or undefined when it has
   * none. `makeRemote` lets a test or bench wrap the remote (counting, faults).
   */
  static async open(
    host: SyncHost,
    makeRemote: (config: S3RemoteConfig) => Remote = (c) => new S3Remote(c),
    extra: Partial<S3RemoteConfig> = {},
  ): Promise<SyncSession | undefined> {
    const row = await host.read.get<SyncConfigRow>('SELECT * FROM sync_config WHERE id = 1');
    if (!row) return undefined;
    const settings = remoteSettingsSchema.parse(JSON.parse(row.remote));
    const secrets = await Promise.all(
      (['bucket', 'signing-key', 'keyring', 'secret-key', 'kek'] as const).map((n) => host.getSyncSecret(n)),
    );
    const [bucket, signing, keyring, secretKey, kek] = secrets;
    if (!bucket || !signing || !keyring || !secretKey || !kek) {
      for (const s of secrets) s?.fill(0);
      throw new LockleafError(
        'SYNC_NOT_SET_UP',
        'Sync is set up only partly on this device. Remove it and set it up again.',
      );
    }
    const signingKey = createPrivateKey({ key: signing, format: 'der', type: 'pkcs8' });
    signing.fill(0);
    const payload = decodeKeyringPayload(keyring);
    keyring.fill(0);
    const remote = makeRemote({ ...s3ConfigOf(settings, bucket.toString('utf8')), ...extra });
    bucket.fill(0);
    return new SyncSession(remote, settings, row.device_id, row.device_name, signingKey, payload, secretKey, kek);
  }

  /** Zeroes what it can; the KeyObject goes with the garbage collector. */
  close(): void {
    for (const key of Object.values(this.keyring.epochs)) key.fill(0);
    this.keyring.nameKey.fill(0);
    this.keyring.docIdKey.fill(0);
    this.secretKey.fill(0);
    this.kek.fill(0);
    (this.remote as Partial<{ close(): void }>).close?.();
  }
}
