import {
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3Peer, type S3Peer } from './s3-peer.js';

let peer: S3Peer;
let clients: S3Client[] = [];
beforeEach(async () => {
  peer = await startS3Peer();
});
afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await peer.close();
});

function client(secret = peer.secretAccessKey, accessKeyId = peer.accessKeyId): S3Client {
  const c = new S3Client({
    endpoint: peer.endpoint,
    region: 'auto',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey: secret },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
}

async function status(p: Promise<unknown>): Promise<{ status: number | undefined; name: string }> {
  try {
    await p;
    return { status: 200, name: 'ok' };
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode, name: e.name };
  }
}

describe('S3 test peer (s3rver behind a strict front)', () => {
  it('refuses a second If-None-Match: * PUT with 412 and keeps the first object', async () => {
    const s3 = client();
    const put = (body: string) =>
      s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'seg/a', Body: body, IfNoneMatch: '*' }));
    expect(await status(put('first'))).toEqual({ status: 200, name: 'ok' });
    expect(await status(put('second'))).toEqual({ status: 412, name: 'PreconditionFailed' });
    expect(peer.versions('seg/a')).toHaveLength(1);
    expect(peer.versions('seg/a')[0]!.size).toBe(5);
  });

  it('refuses a stale If-Match with 412', async () => {
    const s3 = client();
    const first = await s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'head', Body: 'v1' }));
    await s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'head', Body: 'v2', IfMatch: first.ETag }));
    expect(
      await status(
        s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'head', Body: 'v3', IfMatch: first.ETag })),
      ),
    ).toEqual({ status: 412, name: 'PreconditionFailed' });
    expect(
      await status(
        s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'missing', Body: 'v1', IfMatch: first.ETag })),
      ),
    ).toEqual({ status: 412, name: 'PreconditionFailed' });
  });

  it('checks SigV4: a wrong secret is SignatureDoesNotMatch, an unknown key id InvalidAccessKeyId', async () => {
    expect(
      await status(client('not-the-secret').send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'x', Body: 'x' }))),
    ).toEqual({ status: 403, name: 'SignatureDoesNotMatch' });
    expect(
      await status(
        client(peer.secretAccessKey, 'AKIDUNKNOWN').send(
          new PutObjectCommand({ Bucket: peer.bucket, Key: 'x', Body: 'x' }),
        ),
      ),
    ).toEqual({ status: 403, name: 'InvalidAccessKeyId' });
    expect(peer.versions('x')).toHaveLength(0);
  });

  it('refuses a body that does not match its signed SHA-256 (XAmzContentSHA256Mismatch)', async () => {
    const command = new PutObjectCommand({ Bucket: peer.bucket, Key: 'tampered', Body: 'signed body' });
    // After signing (deserialize wraps the wire call), a man in the middle swaps the body.
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { body: unknown; headers: Record<string, string> }).body = 'other body!';
        return next(args);
      },
      { step: 'deserialize' },
    );
    expect(await status(client().send(command))).toEqual({ status: 400, name: 'XAmzContentSHA256Mismatch' });
    expect(peer.versions('tampered')).toHaveLength(0);
  });

  it('refuses multipart parts under 5 MiB but the last (EntityTooSmall), and CreateMultipartUpload on an existing key', async () => {
    const s3 = client();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: peer.bucket, Key: 'blob' }));
    const parts = [];
    for (const n of [1, 2]) {
      const out = await s3.send(
        new UploadPartCommand({
          Bucket: peer.bucket,
          Key: 'blob',
          UploadId,
          PartNumber: n,
          Body: Buffer.alloc(1024, n),
        }),
      );
      parts.push({ PartNumber: n, ETag: out.ETag });
    }
    const complete = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: peer.bucket,
        Key: 'blob',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect(await status(complete)).toEqual({ status: 400, name: 'EntityTooSmall' });

    await s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: 'taken', Body: 'x' }));
    const create = new CreateMultipartUploadCommand({ Bucket: peer.bucket, Key: 'taken' });
    create.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['if-none-match'] = '*';
        return next(args);
      },
      { step: 'build' },
    );
    expect(await status(s3.send(create))).toEqual({ status: 412, name: 'PreconditionFailed' });
  });
});
