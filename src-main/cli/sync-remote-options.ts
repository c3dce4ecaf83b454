/**
 * The bucket options shared by `lockleaf remote add r2|s3` and `lockleaf clone r2|s3`, checked before anything
 * is asked or opened. The bucket's secret access key is never an argument (it would show in the process
 * list and the shell history): it comes on standard input, and is only ever handed to the engine.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_KDF, type KdfCost } from '../crypto/kdf.js';
import { LockleafError } from '../errors.js';
import { remoteSettingsSchema, type RemoteSettings } from '../sync/engine/session.js';
import { MAX_REMOTE_KDF } from '../sync/keys/remote-keyring-format.js';
import { checkEndpoint, r2Endpoint } from '../sync/remote/s3-config.js';
import { readKeyFile } from '../vault/keys/key-file.js';
import { vaultPaths } from '../vault/paths.js';
import type { CliContext } from './main.js';

export type RemoteKind = 'r2' | 's3';

export interface BucketOptions {
  accountId?: string;
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  bucket: string;
  accessKeyId: string;
  secretStdin?: boolean;
  deviceName: string;
}

/** Adds the options of one kind of bucket to `command`. */
export function bucketOptions(command: Command, kind: RemoteKind): Command {
  if (kind === 'r2')
    command.requiredOption('--account-id <id>', 'Cloudflare account id (32 hex characters: dashboard → R2)');
  else
    command
      .requiredOption('--endpoint <url>', 'the S3 endpoint, https://…')
      .option('--region <region>', 'the bucket region', 'us-east-1')
      .option('--path-style', 'address the bucket as https://host/bucket (MinIO and most self-hosted servers)');
  return command
    .requiredOption('--bucket <name>', 'the bucket')
    .requiredOption('--access-key-id <id>', 'the access key id of a key that can read and write the bucket')
    .option('--secret-stdin', "read the bucket's secret access key from standard input (required)")
    .option('--device-name <name>', 'how this device is named to the others', hostname());
}

/** The settings the engine keeps (no secret in them), or INVALID_INPUT saying which option is wrong. */
export function remoteSettingsOf(kind: RemoteKind, opts: BucketOptions): RemoteSettings {
  const settings =
    kind === 'r2'
      ? { kind, endpoint: r2Endpoint(opts.accountId ?? ''), region: 'auto', pathStyle: false }
      : { kind, endpoint: opts.endpoint ?? '', region: opts.region ?? 'us-east-1', pathStyle: Boolean(opts.pathStyle) };
  const parsed = remoteSettingsSchema.safeParse({ ...settings, bucket: opts.bucket, accessKeyId: opts.accessKeyId });
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${optionName(String(i.path[0]))}: ${i.message}`).join('; ');
    throw new LockleafError('INVALID_INPUT', `The bucket options are not valid (${what}).`);
  }
  checkEndpoint(parsed.data.endpoint);
  if (!opts.secretStdin)
    throw new LockleafError(
      'INVALID_INPUT',
      "Give the bucket's secret access key on standard input with --secret-stdin (never as an argument: it would show in the process list).",
    );
  if (!opts.deviceName.trim()) throw new LockleafError('INVALID_INPUT', '--device-name cannot be empty.');
  return parsed.data;
}

function optionName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** All of standard input, trimmed: `echo "$SECRET" | lockleaf …` adds a newline. */
export async function readBucketSecret(ctx: CliContext): Promise<string> {
  const secret = (await ctx.stdin()).trim();
  if (!secret) throw new LockleafError('INVALID_INPUT', 'No secret access key arrived on standard input.');
  return secret;
}

export function serviceName(kind: RemoteKind | undefined): string {
  return kind === 'r2' ? 'Cloudflare R2' : 'S3-compatible storage';
}

/**
 * The Argon2 cost for the bucket's keyring: the vault's own (what its key file was made with), so the
 * passphrase costs as much to guess from the bucket as from this disk; the default when the vault's is
 * above what the keyring format accepts.
 */
export async function keyringCostOf(vaultDir: string): Promise<KdfCost> {
  const { memoryKiB, iterations, parallelism } = (await readKeyFile(vaultPaths(vaultDir).keyFile)).kdf;
  const cost = { memoryKiB, iterations, parallelism };
  const above = (Object.keys(cost) as (keyof KdfCost)[]).some((k) => cost[k] > MAX_REMOTE_KDF[k]);
  return above ? DEFAULT_KDF : cost;
}
