/**
 * Large objects in parts, resumable after kill -9. lib-storage's Upload does
 * not fit here: it cannot continue an existing upload id, does not report
 * each part's ETag as it lands (so nothing could be journaled) and aborts
 * the upload on failure. So: CreateMultipartUpload (If-None-Match: *), parts
 * in parallel (bounded), each acknowledged part saved to the caller's
 * journal, ListParts on resume to keep only parts the server really has, and
 * CompleteMultipartUpload (If-None-Match: *).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { isLockleafError } from '../../errors.js';
import { failureOf, isNotFound, isPreconditionFailed } from './remote-errors.js';
import {
  unquoteEtag,
  type BlobSource,
  type CreateResult,
  type MultipartPart,
  type MultipartState,
  type UploadOptions,
} from './remote.js';
import type { S3Context } from './s3-remote.js';

export interface MultipartJob {
  key: string;
  source: BlobSource;
  size: number;
  partSize: number;
  concurrency: number;
  /** Up to this size, one PUT (default: one part). */
  singlePutMax?: number;
}

export async function uploadMultipart(
  ctx: S3Context,
  job: MultipartJob,
  options: UploadOptions,
  putSmall: (bytes: Uint8Array) => Promise<CreateResult>,
): Promise<CreateResult> {
  const { key, size, partSize } = job;
  const journal = options.resume;
  const report = (loaded: number) => options.onProgress?.({ loaded, total: size });
  if (size <= Math.max(partSize, job.singlePutMax ?? 0)) {
    // One request is cheaper than three; nothing to resume. Not started once aborted (a lock while it waited its turn).
    const bytes = await job.source.read(0, size);
    options.signal?.throwIfAborted();
    const result = await putSmall(bytes);
    await journal?.clear();
    report(size);
    return result;
  }

  let state = await resumable(ctx, job, journal ? await journal.load() : undefined);
  if (!state) {
    const uploadId = await createUpload(ctx, key, options.signal);
    if (uploadId === undefined) {
      await journal?.clear();
      return 'exists';
    }
    state = { key, uploadId, size, partSize, parts: [] };
    await journal?.save(state);
  }
  const current = state;
  const done = new Set(current.parts.map((p) => p.partNumber));
  const partCount = Math.ceil(size / partSize);
  const todo = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  let loaded = current.parts.reduce((sum, p) => sum + p.size, 0);
  report(loaded);
  ctx.logger.debug(
    { op: 'upload', key, uploadId: current.uploadId, parts: partCount, resumedParts: done.size },
    'multipart upload',
  );

  // Journal writes are chained so a slower save never overwrites a later one.
  let saving: Promise<void> = Promise.resolve();
  const partDone = (part: MultipartPart) => {
    current.parts.push(part);
    loaded += part.size;
    report(loaded);
    const snapshot: MultipartState = {
      ...current,
      parts: [...current.parts].sort((a, b) => a.partNumber - b.partNumber),
    };
    saving = saving.then(() => journal?.save(snapshot));
    return saving;
  };

  let failure: unknown;
  const worker = async () => {
    for (let n = todo.shift(); n !== undefined && failure === undefined; n = todo.shift()) {
      try {
        await partDone(await uploadPart(ctx, job, current.uploadId, n, options.signal));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, todo.length) }, worker));
  await saving;
  if (failure !== undefined) {
    // Without a journal nobody can continue this upload: free the stored parts.
    if (!journal) await abortUpload(ctx, key, current.uploadId);
    throw failure;
  }

  const result = await completeUpload(ctx, current, options.signal);
  if (result === 'exists') await abortUpload(ctx, key, current.uploadId);
  await journal?.clear();
  report(size);
  return result;
}

/** The journal's state if it describes this upload and the server still has it, with only the parts the server confirms. */
async function resumable(
  ctx: S3Context,
  job: MultipartJob,
  saved: MultipartState | undefined,
): Promise<MultipartState | undefined> {
  if (!saved || saved.key !== job.key || saved.size !== job.size || saved.partSize !== job.partSize) return undefined;
  const listed = new Map<number, { etag: string; size: number }>();
  try {
    let marker: string | undefined;
    do {
      const page = await ctx.call(`list parts ${job.key}`, () =>
        ctx.client.send(
          new ListPartsCommand({
            Bucket: ctx.bucket,
            Key: job.key,
            UploadId: saved.uploadId,
            ...(marker ? { PartNumberMarker: marker } : {}),
          }),
        ),
      );
      for (const p of page.Parts ?? [])
        if (p.PartNumber !== undefined) listed.set(p.PartNumber, { etag: unquoteEtag(p.ETag), size: p.Size ?? -1 });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    // Completed, aborted or expired since: start again.
    if (isNotFound(failureOf(error))) return undefined;
    throw error;
  }
  // A part the server has but the journal missed (killed between the reply and the save) is sent again: its ETag was never recorded.
  const parts = saved.parts.filter(
    (p) => listed.get(p.partNumber)?.etag === p.etag && listed.get(p.partNumber)?.size === p.size,
  );
  return { ...saved, parts };
}

async function createUpload(ctx: S3Context, key: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const out = await ctx.call(
      `create upload ${key}`,
      () => {
        const command = new CreateMultipartUploadCommand({ Bucket: ctx.bucket, Key: key });
        // The SDK models no If-None-Match here (AWS ignores it); R2 honours it, so refuse early when the object exists.
        command.middlewareStack.add(
          (next) => (args) => {
            (args.request as { headers: Record<string, string> }).headers['if-none-match'] = '*';
            return next(args);
          },
          { step: 'build', name: 'lockleafIfNoneMatch' },
        );
        return ctx.client.send(command, { abortSignal: signal });
      },
      signal,
    );
    if (!out.UploadId) throw new Error('CreateMultipartUpload answered without an UploadId');
    return out.UploadId;
  } catch (error) {
    if (isPreconditionFailed(failureOf(error))) return undefined;
    throw error;
  }
}

async function uploadPart(
  ctx: S3Context,
  job: MultipartJob,
  uploadId: string,
  partNumber: number,
  signal?: AbortSignal,
): Promise<MultipartPart> {
  const offset = (partNumber - 1) * job.partSize;
  const length = Math.min(job.partSize, job.size - offset);
  const body = await job.source.read(offset, length);
  if (body.byteLength !== length)
    throw new Error(`the upload source gave ${body.byteLength} bytes at ${offset}, expected ${length}`);
  const out = await ctx.call(
    `part ${partNumber} ${job.key}`,
    () =>
      ctx.client.send(
        new UploadPartCommand({
          Bucket: ctx.bucket,
          Key: job.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: length,
        }),
        { abortSignal: signal },
      ),
    signal,
  );
  if (!out.ETag) throw new Error(`UploadPart ${partNumber} answered without an ETag`);
  return { partNumber, etag: unquoteEtag(out.ETag), size: length };
}

async function completeUpload(ctx: S3Context, state: MultipartState, signal?: AbortSignal): Promise<CreateResult> {
  const parts = [...state.parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"` }));
  let attempts = 0;
  try {
    await ctx.call(
      `complete ${state.key}`,
      (n) => {
        attempts = n;
        return ctx.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: ctx.bucket,
            Key: state.key,
            UploadId: state.uploadId,
            MultipartUpload: { Parts: parts },
            IfNoneMatch: '*',
          }),
          { abortSignal: signal },
        );
      },
      signal,
    );
    return 'created';
  } catch (error) {
    const info = failureOf(error);
    if (isPreconditionFailed(info) && attempts === 1) return 'exists';
    // A retry after a lost reply finds the upload gone (NoSuchUpload) or the object there (412): it was ours if the size matches.
    if (attempts > 1 && (isPreconditionFailed(info) || isNotFound(info))) {
      const head = await ctx
        .call(`head ${state.key}`, () => ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: state.key })))
        .catch(() => undefined);
      if (head?.ContentLength === state.size) return 'created';
      if (isPreconditionFailed(info)) return 'exists';
    }
    throw error;
  }
}

async function abortUpload(ctx: S3Context, key: string, uploadId: string): Promise<void> {
  // Best effort: a bucket lifecycle rule (or R2's 7-day expiry) removes what is left.
  await ctx
    .call(`abort ${key}`, () =>
      ctx.client.send(new AbortMultipartUploadCommand({ Bucket: ctx.bucket, Key: key, UploadId: uploadId })),
    )
    .catch((error: unknown) => {
      ctx.logger.debug(
        { op: 'abort', key, code: isLockleafError(error) ? error.code : 'unknown' },
        'could not abort a multipart upload',
      );
    });
}
