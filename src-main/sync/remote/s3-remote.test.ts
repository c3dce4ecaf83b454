import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { createLogger } from '../../log/logger.js';
import { startS3Peer, type S3Peer, type S3PeerOptions } from '../test-peers/s3-peer.js';
import { S3Remote } from './s3-remote.js';
import type { S3RemoteConfig } from './s3-config.js';
import { r2Endpoint } from './s3-config.js';

let peers: S3Peer[] = [];
let remotes: S3Remote[] = [];
afterEach(async () => {
  for (const r of remotes) r.close();
  remotes = [];
  await Promise.all(peers.map((p) => p.close()));
  peers = [];
});

async function peer(options?: S3PeerOptions): Promise<S3Peer> {
  const p = await startS3Peer(options);
  peers.push(p);
  return p;
}

/** Retries fast in tests; `delays` records every wait the policy chose. */
function remote(p: S3Peer, extra: Partial<S3RemoteConfig> = {}, delays: number[] = []): S3Remote {
  const r = new S3Remote(
    p.remoteConfig({
      ...extra,
      retry: {
        maxAttempts: 4,
        baseDelayMs: 5,
        maxDelayMs: 20,
        sleep: async (ms) => {
          delays.push(ms);
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
        ...extra.retry,
      },
    }),
  );
  remotes.push(r);
  return r;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    if (isLockleafError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('S3Remote against the strict local peer', () => {
  it('create is conditional: a second writer gets "exists" and nothing is overwritten', async () => {
    const p = await peer();
    const [laptop, desktop] = [remote(p), remote(p)];
    expect(await laptop.create('seg/dev-a/000001', text('from the laptop'))).toBe('created');
    expect(await desktop.create('seg/dev-a/000001', text('from the desktop'))).toBe('exists');
    expect(str((await desktop.get('seg/dev-a/000001'))?.bytes)).toBe('from the laptop');
    expect(p.versions('seg/dev-a/000001')).toHaveLength(1);
  });

  it('replace needs the current ETag: a stale one is a conflict and writes nothing', async () => {
    const p = await peer();
    const r = remote(p);
    await r.create('head', text('v1'));
    const v1 = (await r.get('head'))!;
    expect(await r.replace('head', text('v2'), v1.etag)).toBe('replaced');
    expect(await r.replace('head', text('v3 from a stale reader'), v1.etag)).toBe('conflict');
    expect(await r.replace('never-written', text('x'), v1.etag)).toBe('conflict');
    const now = (await r.get('head'))!;
    expect(str(now.bytes)).toBe('v2');
    expect(await r.head('head')).toEqual({ etag: now.etag, size: 2 });
    expect(p.versions('head')).toHaveLength(2);
  });

  it('lists every key under a prefix after StartAfter, across pages the server cuts short', async () => {
    const p = await peer({ maxKeys: 3 });
    const r = remote(p);
    const keys = Array.from({ length: 10 }, (_, i) => `seg/dev-a/${String(i).padStart(6, '0')}`);
    for (const k of keys) await r.create(k, text(k));
    await r.create('seg/dev-b/000000', text('other device'));
    await r.create('snap/000001', text('snapshot'));

    p.resetCounts();
    expect((await r.list('seg/dev-a/')).map((e) => e.key)).toEqual(keys);
    expect(p.count('ListObjectsV2')).toBe(4);
    const after = await r.list('seg/dev-a/', keys[4]);
    expect(after.map((e) => e.key)).toEqual(keys.slice(5));
    expect(after[0]).toMatchObject({ size: keys[5]!.length });
    expect(await r.list('seg/dev-a/', keys[9])).toEqual([]);
    expect((await r.list('seg/')).length).toBe(11);
  });

  it('signs and stores keys with spaces, plus signs, percent signs and non-ASCII letters; delete is idempotent', async () => {
    const p = await peer();
    const r = remote(p);
    const key = 'b/ä ö+ü%20=&?é/ß~!*()';
    expect(await r.create(key, text('odd name'))).toBe('created');
    expect(str((await r.get(key))?.bytes)).toBe('odd name');
    expect((await r.list('b/')).map((e) => e.key)).toEqual([key]);
    await r.delete(key);
    await r.delete(key);
    expect(await r.get(key)).toBeUndefined();
    expect(await r.head(key)).toBeUndefined();
  });

  it('a wrong secret is REMOTE_AUTH_FAILED, not retried, and the secret is in no error text', async () => {
    const p = await peer();
    const wrong = 'wrong-secret-0123456789abcdefghij';
    const r = remote(p, { secretAccessKey: wrong });
    const error = await failure(r.create('seg/x', text('x')));
    expect(error.code).toBe('REMOTE_AUTH_FAILED');
    expect(error.details).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(error.message).toMatch(/secret access key does not match/);
    expect(p.count('PutObject')).toBe(1);
    expect(JSON.stringify(error.toData())).not.toContain(wrong);

    const unknown = await failure(remote(p, { accessKeyId: 'AKIDNOBODY' }).get('seg/x'));
    expect(unknown).toMatchObject({ code: 'REMOTE_AUTH_FAILED', details: { code: 'InvalidAccessKeyId' } });
  });

  it('a bucket that does not exist is REMOTE_NOT_FOUND; an endpoint nobody answers is REMOTE_UNAVAILABLE after retries', async () => {
    const p = await peer();
    const missing = await failure(remote(p, { bucket: 'no-such-bucket' }).create('seg/x', text('x')));
    expect(missing).toMatchObject({ code: 'REMOTE_NOT_FOUND', details: { code: 'NoSuchBucket' } });

    const closed = await peer();
    const endpoint = closed.endpoint;
    await closed.close();
    peers = peers.filter((x) => x !== closed);
    const delays: number[] = [];
    const gone = await failure(remote(p, { endpoint }, delays).list('seg/'));
    expect(gone).toMatchObject({ code: 'REMOTE_UNAVAILABLE', details: { code: 'ECONNREFUSED' } });
    expect(delays).toHaveLength(3);
  });

  it('429 with Retry-After waits what the server asked (capped), then succeeds', async () => {
    const p = await peer();
    const delays: number[] = [];
    const r = remote(p, { retry: { maxRetryAfterMs: 1500 } }, delays);
    p.inject({ op: 'PutObject', fault: { kind: 'status', status: 429, retryAfter: '1' } });
    p.inject({ op: 'PutObject', fault: { kind: 'status', status: 429, retryAfter: '3600' } });
    expect(await r.create('seg/throttled', text('x'))).toBe('created');
    expect(delays).toEqual([1000, 1500]);
    expect(p.count('PutObject')).toBe(3);
    expect(p.versions('seg/throttled')).toHaveLength(1);
  });

  it('500s then success; 503s that never end are REMOTE_UNAVAILABLE', async () => {
    const p = await peer();
    const r = remote(p);
    await r.create('seg/a', text('payload'));
    p.inject({ op: 'GetObject', times: 3, fault: { kind: 'status', status: 500 } });
    expect(str((await r.get('seg/a'))?.bytes)).toBe('payload');
    expect(p.count('GetObject')).toBe(4);

    p.inject({ op: 'HeadObject', times: Infinity, fault: { kind: 'status', status: 503 } });
    const error = await failure(r.head('seg/a'));
    expect(error).toMatchObject({ code: 'REMOTE_UNAVAILABLE', details: { status: 503 } });
    expect(p.count('HeadObject')).toBe(4);
  });

  it('dropped connections and replies slower than the timeout are retried; a create whose reply was lost is still "created"', async () => {
    const p = await peer();
    const r = remote(p);
    p.inject({ op: 'PutObject', fault: { kind: 'drop-before' } });
    expect(await r.create('seg/1', text('one'))).toBe('created');
    expect(p.count('PutObject')).toBe(2);

    // Stored, but the reply never arrives: the retry meets its own object (412) and recognises it.
    p.inject({ op: 'PutObject', fault: { kind: 'drop-mid' } });
    expect(await r.create('seg/2', text('two'))).toBe('created');
    expect(p.versions('seg/2')).toHaveLength(1);
    // The same for replace: the retry's If-Match no longer holds because the first attempt landed.
    const etag = (await r.get('seg/2'))!.etag;
    p.inject({ op: 'PutObject', fault: { kind: 'drop-mid' } });
    expect(await r.replace('seg/2', text('two, edited'), etag)).toBe('replaced');

    p.resetCounts();
    p.inject({ op: 'GetObject', fault: { kind: 'slow', delayMs: 4000 } });
    expect(str((await remote(p, { idleTimeoutMs: 1000 }).get('seg/1'))?.bytes)).toBe('one');
    expect(p.count('GetObject')).toBe(2);
  });

  it('debug logs name each retried operation, never the credentials', async () => {
    const p = await peer();
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }),
    });
    p.inject({ op: 'PutObject', times: 2, fault: { kind: 'status', status: 500 } });
    expect(await remote(p, { logger }).create('seg/logged', text('x'))).toBe('created');
    const wrong = 'another-wrong-secret-abcdefghijklmnop';
    await failure(remote(p, { logger, secretAccessKey: wrong }).get('seg/logged'));
    const log = lines.join('');
    expect(log).toContain('"op":"create seg/logged"');
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
    for (const secret of [p.secretAccessKey, wrong]) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });

  it('builds the R2 endpoint from an account id and refuses anything else', () => {
    expect(r2Endpoint('0123456789ABCDEF0123456789abcdef')).toBe(
      'https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com',
    );
    expect(() => r2Endpoint('evil.example.com/')).toThrow(/32 hexadecimal/);
  });
});

describe('endpoint', () => {
  it('takes https, and plain http only to this machine', async () => {
    const { checkEndpoint } = await import('./s3-config.js');
    expect(() => checkEndpoint('https://abc.r2.cloudflarestorage.com')).not.toThrow();
    expect(() => checkEndpoint('http://127.0.0.1:9000')).not.toThrow();
    expect(() => checkEndpoint('http://bucket.example.com')).toThrow(/https/);
    expect(() => checkEndpoint('ftp://127.0.0.1')).toThrow(/https/);
  });
});
