import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isLockleafError } from '../../errors.js';
import { startS3Peer, type S3Peer } from '../test-peers/s3-peer.js';
import { bytesSource } from './blob-source.js';
import type { MultipartJournal, MultipartState, TransferProgress } from './remote.js';
import { S3Remote } from './s3-remote.js';
import type { S3RemoteConfig } from './s3-config.js';

const MiB = 1024 * 1024;
let peer: S3Peer;
let remotes: S3Remote[] = [];
afterEach(async () => {
  for (const r of remotes) r.close();
  remotes = [];
  await peer?.close();
});

function remote(extra: Partial<S3RemoteConfig> = {}): S3Remote {
  const r = new S3Remote(
    peer.remoteConfig({
      partSize: 5 * MiB,
      singlePutMax: 5 * MiB,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    }),
  );
  remotes.push(r);
  return r;
}

/** Stands in for the vault row: only what survives serialisation survives a kill -9. */
function storedJournal() {
  let row: string | undefined;
  const journal: MultipartJournal = {
    load: async () => (row === undefined ? undefined : (JSON.parse(row) as MultipartState)),
    save: async (state) => {
      row = JSON.stringify(state);
    },
    clear: async () => {
      row = undefined;
    },
  };
  return { journal, state: () => (row === undefined ? undefined : (JSON.parse(row) as MultipartState)) };
}

async function read(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('multipart upload and download', () => {
  it('up to singlePutMax an object goes in one PUT whatever the part size; above it, in parts', async () => {
    peer = await startS3Peer();
    const r = remote({ singlePutMax: 12 * MiB });
    peer.resetCounts();
    expect(await r.upload('one-put', bytesSource(randomBytes(12 * MiB)), 12 * MiB)).toBe('created');
    expect([peer.count('PutObject'), peer.count('CreateMultipartUpload')]).toEqual([1, 0]);
    expect(await r.upload('in-parts', bytesSource(randomBytes(12 * MiB + 1)), 12 * MiB + 1)).toBe('created');
    expect(peer.count('CreateMultipartUpload')).toBe(1);
    expect(peer.count('UploadPart')).toBe(3);
  });

  it('a 12 MiB upload cut off after 2 parts resumes from the journal without sending finished parts again', async () => {
    peer = await startS3Peer();
    const blob = randomBytes(12 * MiB);
    const { journal, state } = storedJournal();
    // The connection drops for every part after the first two, until the network "comes back".
    peer.inject({ op: 'UploadPart', after: 2, times: Infinity, fault: { kind: 'drop-before' } });
    const first = remote().upload('b/blob-1', bytesSource(blob), blob.length, { resume: journal });
    await expect(first).rejects.toMatchObject({ code: 'REMOTE_UNAVAILABLE' });
    const saved = state()!;
    expect(saved.parts).toHaveLength(2);
    expect(saved.key).toBe('b/blob-1');
    expect(await remote().head('b/blob-1')).toBeUndefined();

    // A new process (kill -9 in between): only the journal row carries over.
    peer.clearFaults();
    peer.resetCounts();
    const progress: TransferProgress[] = [];
    const result = await remote().upload('b/blob-1', bytesSource(blob), blob.length, {
      resume: journal,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toBe('created');
    expect(peer.count('CreateMultipartUpload')).toBe(0);
    expect(peer.count('ListParts')).toBe(1);
    expect(peer.count('UploadPart')).toBe(1);
    expect(peer.count('CompleteMultipartUpload')).toBe(1);
    expect(state()).toBeUndefined();
    const doneBefore = saved.parts.reduce((n, p) => n + p.size, 0);
    expect(progress[0]).toEqual({ loaded: doneBefore, total: blob.length });
    expect(progress.at(-1)).toEqual({ loaded: blob.length, total: blob.length });

    const download = (await remote().download('b/blob-1'))!;
    expect(download.size).toBe(blob.length);
    expect((await read(download.stream)).equals(blob)).toBe(true);
  });

  it('a part the server stored but the journal missed is sent again; an expired upload starts over', async () => {
    peer = await startS3Peer();
    const blob = randomBytes(11 * MiB);
    const { journal, state } = storedJournal();
    // Part 2 lands but its reply is lost, then the line stays down (a request passed by one rule meets the next).
    peer.inject({ op: 'UploadPart', after: 1, times: 1, fault: { kind: 'drop-mid' } });
    peer.inject({ op: 'UploadPart', after: 1, times: Infinity, fault: { kind: 'drop-before' } });
    await expect(
      remote({ partConcurrency: 1 }).upload('b/blob-2', bytesSource(blob), blob.length, { resume: journal }),
    ).rejects.toMatchObject({ code: 'REMOTE_UNAVAILABLE' });
    expect(state()!.parts.map((p) => p.partNumber)).toEqual([1]);
    peer.clearFaults();
    peer.resetCounts();
    expect(await remote().upload('b/blob-2', bytesSource(blob), blob.length, { resume: journal })).toBe('created');
    expect(peer.count('UploadPart')).toBe(2);
    expect(Buffer.from((await remote().get('b/blob-2'))!.bytes).equals(blob)).toBe(true);

    // A journal naming an upload the server no longer knows (completed, aborted, expired).
    const stale = storedJournal();
    await stale.journal.save({
      key: 'b/blob-3',
      uploadId: 'gone',
      size: blob.length,
      partSize: 5 * MiB,
      parts: [{ partNumber: 1, etag: 'x', size: 5 * MiB }],
    });
    peer.resetCounts();
    expect(await remote().upload('b/blob-3', bytesSource(blob), blob.length, { resume: stale.journal })).toBe(
      'created',
    );
    expect(peer.count('CreateMultipartUpload')).toBe(1);
    expect(peer.count('UploadPart')).toBe(3);
  });

  it('never overwrites: an existing key is "exists" at CreateMultipartUpload, and at Complete when another writer got there meanwhile', async () => {
    peer = await startS3Peer();
    const blob = randomBytes(11 * MiB);
    const r = remote();
    await r.create('b/taken', new TextEncoder().encode('first writer'));
    expect(await r.upload('b/taken', bytesSource(blob), blob.length)).toBe('exists');
    expect(peer.count('UploadPart')).toBe(0);

    const { journal } = storedJournal();
    peer.inject({ op: 'UploadPart', after: 1, times: Infinity, fault: { kind: 'drop-before' } });
    await expect(r.upload('b/raced', bytesSource(blob), blob.length, { resume: journal })).rejects.toMatchObject({
      code: 'REMOTE_UNAVAILABLE',
    });
    peer.clearFaults();
    expect(await remote().create('b/raced', new TextEncoder().encode('other device'))).toBe('created');
    expect(await r.upload('b/raced', bytesSource(blob), blob.length, { resume: journal })).toBe('exists');
    expect(new TextDecoder().decode((await r.get('b/raced'))!.bytes)).toBe('other device');
    expect(peer.count('AbortMultipartUpload')).toBe(1);
  });

  it('keeps at most partConcurrency parts in flight', async () => {
    peer = await startS3Peer();
    const blob = randomBytes(26 * MiB);
    // Slow replies make parts overlap whenever the client allows it.
    peer.inject({ op: 'UploadPart', times: Infinity, fault: { kind: 'slow', delayMs: 150 } });
    expect(await remote({ partConcurrency: 2 }).upload('b/wide', bytesSource(blob), blob.length)).toBe('created');
    expect(peer.count('UploadPart')).toBe(6);
    expect(peer.maxInFlight('UploadPart')).toBe(2);
    peer.resetCounts();
    expect(await remote().upload('b/wider', bytesSource(blob), blob.length)).toBe('created');
    expect(peer.maxInFlight('UploadPart')).toBe(4);
  });

  it('a download cut off mid-body resumes from where it stopped and matches the bytes', async () => {
    peer = await startS3Peer();
    const blob = randomBytes(3 * MiB + 17);
    const r = remote();
    expect(await r.upload('b/small', bytesSource(blob), blob.length)).toBe('created');
    expect(peer.count('PutObject')).toBe(1);
    peer.resetCounts();
    peer.inject({ op: 'GetObject', fault: { kind: 'drop-mid' } });
    const progress: TransferProgress[] = [];
    const download = (await r.download('b/small', { onProgress: (p) => progress.push(p) }))!;
    expect((await read(download.stream)).equals(blob)).toBe(true);
    expect(peer.count('GetObject')).toBe(2);
    expect(progress.at(-1)).toEqual({ loaded: blob.length, total: blob.length });
    expect(await r.download('b/none')).toBeUndefined();
  });

  it('a download whose object changes midway is refused (REMOTE_CONFLICT), never spliced', async () => {
    peer = await startS3Peer();
    const r = remote();
    const v1 = randomBytes(2 * MiB);
    await r.create('snap/1', v1);
    const etag = (await r.head('snap/1'))!.etag;
    await r.replace('snap/1', randomBytes(2 * MiB), etag);
    await peer.rollBack('snap/1', 0);
    expect((await r.head('snap/1'))!.etag).toBe(etag);
    peer.inject({ op: 'GetObject', fault: { kind: 'drop-mid' } });
    const download = (await r.download('snap/1'))!;
    // Between the cut and the resumed request, the server swaps the object.
    await peer.rollBack('snap/1', 1);
    const error = await read(download.stream).catch((e: unknown) => e);
    expect(isLockleafError(error, 'REMOTE_CONFLICT')).toBe(true);
  });
});
