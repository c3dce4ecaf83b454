/**
 * The window's side of a bucket: its form made into the engine's
 * RemoteAccess, "Open a synced vault", the emergency kit saved where the user
 * chooses, and a remote that refuses every call once the vault locks (see
 * sync-service.ts: after a lock nothing more may reach the bucket).
 */
import { chmod, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ChannelPayload } from '../../src-shared/bridge/schemas.js';
import type { KdfCost } from '../crypto/kdf.js';
import { LockleafError } from '../errors.js';
import type { Vault } from '../vault/vault.js';
import { cloneVault, type RemoteAccess } from './engine/setup.js';
import type { RemoteSettings } from './engine/session.js';
import type { Remote } from './remote/remote.js';
import { r2Endpoint, type S3RemoteConfig } from './remote/s3-config.js';

export interface RemoteRequest {
  kind: 'r2' | 's3';
  accountId?: string | undefined;
  endpoint?: string | undefined;
  bucket: string;
  region?: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  pathStyle?: boolean | undefined;
}

/** R2: the account's endpoint, region `auto`, virtual-hosted names. S3: the endpoint given, us-east-1 unless told. */
export function remoteAccessOf(input: RemoteRequest, makeRemote?: (config: S3RemoteConfig) => Remote): RemoteAccess {
  let settings: RemoteSettings;
  if (input.kind === 'r2') {
    settings = {
      kind: 'r2',
      endpoint: r2Endpoint(input.accountId ?? ''),
      region: 'auto',
      bucket: input.bucket,
      accessKeyId: input.accessKeyId,
      pathStyle: false,
    };
  } else {
    if (!input.endpoint)
      throw new LockleafError('INVALID_INPUT', 'An S3 bucket needs its endpoint (https://…), from your provider.');
    settings = {
      kind: 's3',
      endpoint: input.endpoint,
      region: input.region ?? 'us-east-1',
      bucket: input.bucket,
      accessKeyId: input.accessKeyId,
      pathStyle: input.pathStyle ?? false,
    };
  }
  return { settings, secretAccessKey: input.secretAccessKey, ...(makeRemote ? { makeRemote } : {}) };
}

/** Every call first checks `isOpen`; a transfer already under way is stopped by its AbortSignal. */
export function gatedRemote(remote: Remote, isOpen: () => boolean): Remote {
  const check = () => {
    if (!isOpen()) throw new LockleafError('VAULT_LOCKED', 'The vault was locked; nothing more was sent.');
  };
  return {
    create: async (key, bytes) => (check(), remote.create(key, bytes)),
    replace: async (key, bytes, etag) => (check(), remote.replace(key, bytes, etag)),
    get: async (key) => (check(), remote.get(key)),
    head: async (key) => (check(), remote.head(key)),
    list: async (prefix, startAfter) => (check(), remote.list(prefix, startAfter)),
    delete: async (key) => (check(), remote.delete(key)),
    upload: async (key, source, size, options) => (check(), remote.upload(key, source, size, options)),
    download: async (key, options) => (check(), remote.download(key, options)),
    // SyncSession.close drops the S3 client through this.
    close: () => (remote as Partial<{ close(): void }>).close?.(),
  } as Remote;
}

export type CloneRequest = ChannelPayload<'vault:clone'>;

export const deviceNameOf = (name: string | undefined) => name ?? (hostname() || 'This computer');

/** "Open a synced vault": a new vault in `dir` joined to the bucket's; the caller opens it (its first round runs then). */
export function cloneInto(
  dir: string,
  input: CloneRequest,
  options: { kdfCost?: KdfCost | undefined; makeRemote?: ((config: S3RemoteConfig) => Remote) | undefined } = {},
): Promise<Vault> {
  return cloneVault({
    ...remoteAccessOf(input, options.makeRemote),
    dir,
    passphrase: input.passphrase,
    secretKey: input.secretKey,
    deviceName: deviceNameOf(input.deviceName),
    ...(options.kdfCost ? { kdfCost: options.kdfCost } : {}),
  });
}

/** The emergency kit where the user chose to keep it: the Secret Key's one unsealed copy, by their choice. */
export async function saveKit(path: string, kitText: string): Promise<void> {
  await writeFile(path, kitText, { mode: 0o600 });
  // An existing file the user chose to replace keeps its mode otherwise.
  await chmod(path, 0o600);
}
