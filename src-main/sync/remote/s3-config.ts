/**
 * How to reach a bucket, and the S3 client built from it. R2 is the
 * reference: region `auto`, endpoint per account, and checksums only when an
 * operation requires them (SDK versions from 3.729 send CRC32 checksums R2
 * refused; aws-sdk-js-v3 #6810).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { LockleafError } from '../../errors.js';
import { registerSecret } from '../../log/redact.js';
import type { Logger } from '../../log/logger.js';
import type { RetryPolicy } from './retry.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const SINGLE_PUT_MAX = 32 * 1024 * 1024;
const MAX_PARTS = 10_000;

export interface S3RemoteConfig {
  endpoint: string;
  bucket: string;
  /** `auto` for R2. */
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, local servers). */
  forcePathStyle?: boolean;
  /**
   * Multipart part size; at least 5 MiB (S3 and R2 refuse smaller parts but the last). Default 16 MiB:
   * a document (ingest takes at most 20 MB) mostly goes in one PUT, and an upload holds at most
   * 16 MiB × partConcurrency (64 MiB) in memory. bench:sync: 8 MiB gave 0.80× rclone, 16 MiB 0.89–0.99×.
   */
  partSize?: number;
  /**
   * Up to this size an object goes in one PUT, above it in parts. Default 32 MiB: every document
   * (ingest takes at most 20 MB) is one request, as rclone sends them (its cutoff is 200 MiB); the
   * engine bounds how many bytes are in flight at once. bench:sync: 16 MiB 0.82-0.96× rclone, 32 MiB 1.04-1.10×.
   */
  singlePutMax?: number;
  /** Parts in flight at once. Default 4. */
  partConcurrency?: number;
  /** Silence on a connection (no byte sent or received) before the request is abandoned and retried. Default 30 s. */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Page size asked of ListObjectsV2 (servers may return fewer). Default 1000. */
  listPageSize?: number;
  /**
   * Hash every body into the signature (SHA-256 over each byte, twice counting
   * the server). Off by default: bodies are authenticated ciphertext bound to
   * their names, so the hash adds CPU but no protection TLS and the format do
   * not already give; the request line and headers are always signed.
   */
  signPayload?: boolean;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
}

export function r2Endpoint(accountId: string): string {
  if (!/^[0-9a-f]{32}$/i.test(accountId)) {
    throw new LockleafError(
      'INVALID_INPUT',
      'An R2 account id is 32 hexadecimal characters (Cloudflare dashboard → R2 → Account details).',
    );
  }
  return `https://${accountId.toLowerCase()}.r2.cloudflarestorage.com`;
}

export function r2Config(options: {
  accountId: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}): S3RemoteConfig {
  return {
    endpoint: r2Endpoint(options.accountId),
    region: 'auto',
    bucket: options.bucket,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
  };
}

/** A part size S3 accepts for `size` bytes: at least the configured one, large enough to stay within 10,000 parts. */
export function choosePartSize(size: number, configured = 16 * 1024 * 1024): number {
  if (configured < MIN_PART_SIZE) throw new Error(`part size ${configured} is below the 5 MiB S3 minimum`);
  return Math.max(configured, Math.ceil(size / MAX_PARTS));
}

/** Documents go over TLS: plain http only to this machine (the tests' peer). Bodies are sent unsigned, so this matters. */
export function checkEndpoint(endpoint: string): void {
  const url = new URL(endpoint);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new LockleafError(
      'INVALID_INPUT',
      `The bucket's endpoint must be an https:// address (${url.protocol}// is only allowed to this machine).`,
    );
  }
}

export function createS3Client(config: S3RemoteConfig): S3Client {
  checkEndpoint(config.endpoint);
  // Known values are scrubbed from every log line, whatever field or message they end up in.
  registerSecret(config.secretAccessKey);
  const agentOptions = { keepAlive: true, maxSockets: Math.max(8, (config.partConcurrency ?? 4) * 2) };
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region ?? 'auto',
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Retries are ours (retry.ts): one policy for every call, Retry-After capped, bodies re-read from the source.
    maxAttempts: 1,
    requestHandler: {
      // An idle timeout, not a total one: a large part on a slow line may take minutes but is never silent for long.
      socketTimeout: config.idleTimeoutMs ?? 30_000,
      connectionTimeout: config.connectTimeoutMs ?? 10_000,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    },
  });
  if (!config.signPayload) {
    // The signer takes a body hash given in this header as is (rclone does the same for uploads).
    client.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { method?: string; body?: unknown; headers?: Record<string, string> };
        if (request.headers && request.method === 'PUT' && request.body !== undefined)
          request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        return next(args);
      },
      { step: 'build', name: 'lockleafUnsignedPayload' },
    );
  }
  return client;
}
