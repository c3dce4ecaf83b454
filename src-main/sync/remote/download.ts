/**
 * An object as a stream, resumed where it broke: after a dropped connection
 * the rest is asked for with `Range: bytes=N-` and `If-Match` the first
 * reply's ETag, so a resumed stream never splices two versions together.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { LockleafError } from '../../errors.js';
import { describeFailure, failureOf, isNotFound, isPreconditionFailed, remoteError } from './remote-errors.js';
import { unquoteEtag, type DownloadOptions, type RemoteDownload } from './remote.js';
import { backoffDelay } from './retry.js';
import type { S3Context } from './s3-remote.js';

export async function downloadObject(
  ctx: S3Context,
  key: string,
  options: DownloadOptions,
): Promise<RemoteDownload | undefined> {
  const { signal } = options;
  let first: GetObjectCommandOutput;
  try {
    first = await ctx.call(
      `download ${key}`,
      () => ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }), { abortSignal: signal }),
      signal,
    );
  } catch (error) {
    if (isNotFound(failureOf(error)) && failureOf(error).code !== 'NoSuchBucket') return undefined;
    throw error;
  }
  const etag = unquoteEtag(first.ETag);
  const size = first.ContentLength ?? 0;

  const resumeFrom = async (offset: number): Promise<Readable> => {
    try {
      const out = await ctx.call(
        `download ${key} from ${offset}`,
        () =>
          ctx.client.send(
            new GetObjectCommand({ Bucket: ctx.bucket, Key: key, Range: `bytes=${offset}-`, IfMatch: `"${etag}"` }),
            { abortSignal: signal },
          ),
        signal,
      );
      // A server that ignored Range would send the start again: refuse rather than duplicate bytes.
      if (!out.ContentRange?.startsWith(`bytes ${offset}-`)) {
        throw new LockleafError(
          'REMOTE_REFUSED',
          `The storage server ignored a range request for ${key}; it cannot resume downloads.`,
          { code: 'RangeIgnored' },
        );
      }
      return out.Body as Readable;
    } catch (error) {
      if (isPreconditionFailed(failureOf(error)) || isNotFound(failureOf(error))) {
        throw new LockleafError(
          'REMOTE_CONFLICT',
          `The object ${key} changed or vanished while it was being downloaded; sync will read it again.`,
          { code: failureOf(error).code },
          { cause: error },
        );
      }
      throw error;
    }
  };

  async function* bytes(): AsyncGenerator<Uint8Array> {
    let body = first.Body as Readable;
    let offset = 0;
    let failures = 0;
    for (;;) {
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          offset += chunk.byteLength;
          options.onProgress?.({ loaded: offset, total: size });
          yield chunk;
        }
        if (offset === size) return;
        throw Object.assign(new Error(`premature close at ${offset} of ${size}`), { code: 'ECONNRESET' });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const info = describeFailure(error);
        failures++;
        if (!info.retryable || failures >= ctx.policy.maxAttempts) throw remoteError(info, ctx, error);
        body.destroy();
        ctx.logger.debug({ op: 'download', key, offset, code: info.code }, 'download interrupted; resuming');
        await ctx.policy.sleep(backoffDelay(ctx.policy, failures, info), signal);
        body = await resumeFrom(offset);
      }
    }
  }

  return { etag, size, stream: Readable.from(bytes(), { objectMode: false }) };
}
