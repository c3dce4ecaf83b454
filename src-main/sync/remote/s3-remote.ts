/**
 * The Remote over any S3-compatible bucket (R2 the reference), with
 * @aws-sdk/client-s3. Every call goes through one retry policy and leaves as
 * a named LockleafError (remote-errors.ts) when retrying cannot help.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { silentLogger, type Logger } from '../../log/logger.js';
import { downloadObject } from './download.js';
import { uploadMultipart } from './multipart.js';
import { failureOf, isNotFound, isPreconditionFailed, remoteError } from './remote-errors.js';
import {
  assertKey,
  unquoteEtag,
  type BlobSource,
  type CreateResult,
  type DownloadOptions,
  type Remote,
  type RemoteDownload,
  type RemoteHead,
  type RemoteListEntry,
  type RemoteObject,
  type ReplaceResult,
  type UploadOptions,
} from './remote.js';
import { defaultRetryPolicy, RetriesExhausted, withRetry, type RetryPolicy } from './retry.js';
import { choosePartSize, createS3Client, SINGLE_PUT_MAX, type S3RemoteConfig } from './s3-config.js';

/** What the multipart and download helpers share with the remote. */
export interface S3Context {
  client: S3Client;
  bucket: string;
  endpoint: string;
  policy: RetryPolicy;
  logger: Logger;
  /** Runs one request with retries; a failure retrying cannot fix comes back as a named error. */
  call<T>(label: string, attempt: (n: number) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export class S3Remote implements Remote {
  private readonly ctx: S3Context;

  constructor(private readonly config: S3RemoteConfig) {
    const policy = { ...defaultRetryPolicy, ...config.retry };
    const logger = (config.logger ?? silentLogger).child({ remote: 's3', bucket: config.bucket });
    const ctx: S3Context = {
      client: createS3Client(config),
      bucket: config.bucket,
      endpoint: config.endpoint,
      policy,
      logger,
      call: async (label, attempt, signal) => {
        try {
          return await withRetry(label, policy, logger, attempt, signal);
        } catch (error) {
          if (error instanceof RetriesExhausted)
            throw Object.assign(remoteError(error.info, config, error.cause), { failure: error.info });
          throw error;
        }
      },
    };
    this.ctx = ctx;
  }

  async create(key: string, bytes: Uint8Array): Promise<CreateResult> {
    return (await this.conditionalPut('create', key, bytes, { IfNoneMatch: '*' })) ? 'created' : 'exists';
  }

  async replace(key: string, bytes: Uint8Array, ifMatchEtag: string): Promise<ReplaceResult> {
    const written = await this.conditionalPut('replace', key, bytes, { IfMatch: `"${unquoteEtag(ifMatchEtag)}"` });
    return written ? 'replaced' : 'conflict';
  }

  /** A PUT under a condition; false when the condition failed (nothing was written). */
  private async conditionalPut(
    label: string,
    key: string,
    bytes: Uint8Array,
    condition: { IfNoneMatch: '*' } | { IfMatch: string },
  ): Promise<boolean> {
    assertKey(key);
    let attempts = 0;
    try {
      await this.ctx.call(`${label} ${key}`, (n) => {
        attempts = n;
        return this.ctx.client.send(
          new PutObjectCommand({
            Bucket: this.ctx.bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ...condition,
          }),
        );
      });
      return true;
    } catch (error) {
      // Some servers answer If-Match on a missing key with 404 rather than 412: either way nothing was written.
      if (!isPrecondition(error) && !('IfMatch' in condition && isMissing(error))) throw error;
      // A retry after a lost reply meets our own first write: same bytes means it was ours.
      return attempts > 1 && (await this.sameBytes(key, bytes));
    }
  }

  async get(key: string): Promise<RemoteObject | undefined> {
    assertKey(key);
    try {
      return await this.ctx.call(`get ${key}`, async () => {
        const out = await this.ctx.client.send(new GetObjectCommand({ Bucket: this.ctx.bucket, Key: key }));
        // Read the body inside the attempt: a connection dropped mid-body is retried like any other.
        const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        return { bytes, etag: unquoteEtag(out.ETag) };
      });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<RemoteHead | undefined> {
    assertKey(key);
    try {
      return await this.ctx.call(`head ${key}`, async () => {
        const out = await this.ctx.client.send(new HeadObjectCommand({ Bucket: this.ctx.bucket, Key: key }));
        return { etag: unquoteEtag(out.ETag), size: out.ContentLength ?? 0 };
      });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string, startAfter?: string): Promise<RemoteListEntry[]> {
    const entries: RemoteListEntry[] = [];
    let token: string | undefined;
    let after = startAfter;
    for (;;) {
      const page = await this.ctx.call(`list ${prefix}`, () =>
        this.ctx.client.send(
          new ListObjectsV2Command({
            Bucket: this.ctx.bucket,
            Prefix: prefix,
            MaxKeys: this.config.listPageSize ?? 1000,
            ...(token ? { ContinuationToken: token } : after ? { StartAfter: after } : {}),
          }),
        ),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) entries.push({ key: item.Key, etag: unquoteEtag(item.ETag), size: item.Size ?? 0 });
      }
      if (!page.IsTruncated) return entries;
      const last = entries.at(-1)?.key;
      // A server that truncates without a token is paged by key instead; one that makes no progress is a bug there.
      if (page.NextContinuationToken) token = page.NextContinuationToken;
      else if (last !== undefined && last !== after) [token, after] = [undefined, last];
      else throw new Error('the bucket listing is truncated but gives no way to continue');
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    try {
      await this.ctx.call(`delete ${key}`, () =>
        this.ctx.client.send(new DeleteObjectCommand({ Bucket: this.ctx.bucket, Key: key })),
      );
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  upload(key: string, source: BlobSource, size: number, options: UploadOptions = {}): Promise<CreateResult> {
    assertKey(key);
    const partSize = choosePartSize(size, this.config.partSize);
    return uploadMultipart(
      this.ctx,
      {
        key,
        source,
        size,
        partSize,
        concurrency: this.config.partConcurrency ?? 4,
        singlePutMax: this.config.singlePutMax ?? SINGLE_PUT_MAX,
      },
      options,
      (bytes) => this.create(key, bytes),
    );
  }

  download(key: string, options: DownloadOptions = {}): Promise<RemoteDownload | undefined> {
    assertKey(key);
    return downloadObject(this.ctx, key, options);
  }

  /** Ends the client's sockets (keep-alive agents would hold the process open). */
  close(): void {
    this.ctx.client.destroy();
  }

  private async sameBytes(key: string, bytes: Uint8Array): Promise<boolean> {
    const current = await this.get(key);
    return current !== undefined && Buffer.from(current.bytes).equals(Buffer.from(bytes));
  }
}

function isPrecondition(error: unknown): boolean {
  return isPreconditionFailed(failureOf(error));
}
function isMissing(error: unknown): boolean {
  const info = failureOf(error);
  return isNotFound(info) && info.code !== 'NoSuchBucket';
}
