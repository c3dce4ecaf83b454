/**
 * Blob transfers: documents' encrypted files, as stored, under names derived
 * from their local names with the name key (so the bucket sees neither).
 * Uploads go before the segments that name them; downloads after the apply
 * that created the rows (the library is searchable before the files are
 * here); a purged or replaced blob's remote copy is deleted once the segment
 * saying so is up. Multipart uploads resume after a crash from the journal
 * kept in `sync_multipart`.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isLockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import { blobName } from '../log/names.js';
import { fileSource } from '../remote/blob-source.js';
import type { MultipartJournal, MultipartState, TransferProgress } from '../remote/remote.js';
import type { SyncSession } from './session.js';

export interface BlobProgress {
  direction: 'up' | 'down';
  files: { done: number; total: number };
  bytes: TransferProgress;
}

interface QueuedBlob {
  blob_name: string;
  direction: 'up' | 'down' | 'delete';
  doc_id: string;
}

function journal(host: SyncHost, key: string): MultipartJournal {
  return {
    load: async () => {
      const row = await host.read.get<{ state: string }>('SELECT state FROM sync_multipart WHERE key = ?', [key]);
      return row ? (JSON.parse(row.state) as MultipartState) : undefined;
    },
    save: (state) =>
      host.write(async (tx) => {
        await tx.run(
          'INSERT INTO sync_multipart (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state',
          [key, JSON.stringify(state)],
        );
      }),
    clear: () =>
      host.write(async (tx) => {
        await tx.run('DELETE FROM sync_multipart WHERE key = ?', [key]);
      }),
  };
}

const queued = (host: SyncHost, direction: QueuedBlob['direction']) =>
  host.read.all<QueuedBlob>('SELECT blob_name, direction, doc_id FROM sync_blobs WHERE direction = ? ORDER BY rowid', [
    direction,
  ]);

const done = (host: SyncHost, name: string, direction: string) =>
  host.write((tx) => tx.run('DELETE FROM sync_blobs WHERE blob_name = ? AND direction = ?', [name, direction]));

/**
 * Files go up 4 at a time, as rclone does, and at most 64 MiB of them at once
 * (a document up to 32 MiB is one PUT, read whole): memory stays bounded
 * whatever the sizes. A larger file goes alone, its 16 MiB parts 4 at a time.
 */
const FILES_AT_ONCE = 4;
const BYTES_AT_ONCE = 64 * 1024 * 1024;

async function eachWithin<T extends { size?: number }>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let bytes = 0;
  let running = 0;
  let failed: unknown;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if ((next >= items.length || failed !== undefined) && running === 0) return resolve();
      while (failed === undefined && next < items.length && running < FILES_AT_ONCE) {
        const size = items[next]!.size ?? 0;
        if (running > 0 && bytes + size > BYTES_AT_ONCE) break;
        const item = items[next++]!;
        running++;
        bytes += size;
        fn(item)
          .catch((error: unknown) => (failed ??= error))
          .finally(() => {
            running--;
            bytes -= size;
            pump();
          });
      }
    };
    pump();
  });
  if (failed !== undefined) throw failed;
}

export async function uploadBlobs(
  session: SyncSession,
  host: SyncHost,
  onProgress?: (p: BlobProgress) => void,
  signal?: AbortSignal,
): Promise<number> {
  const todo = await Promise.all(
    (await queued(host, 'up')).map(async (item) => ({ ...item, size: await host.blobSize(item.blob_name) })),
  );
  const total = todo.reduce((sum, item) => sum + (item.size ?? 0), 0);
  const inFlight = new Map<string, number>();
  let finishedBytes = 0;
  let count = 0;
  const report = () => {
    let loaded = finishedBytes;
    for (const n of inFlight.values()) loaded += n;
    onProgress?.({ direction: 'up', files: { done: count, total: todo.length }, bytes: { loaded, total } });
  };
  const send = async (item: (typeof todo)[number]) => {
    signal?.throwIfAborted();
    // Purged or replaced before it went up: nothing to send.
    if (item.size !== undefined) {
      const key = blobName(session.nameKey, item.blob_name);
      const source = await fileSource(host.blobPath(item.blob_name));
      try {
        await session.remote.upload(key, source, source.size, {
          resume: journal(host, key),
          signal,
          onProgress: (bytes) => {
            inFlight.set(item.blob_name, bytes.loaded);
            report();
          },
        });
      } finally {
        await source.close();
        inFlight.delete(item.blob_name);
      }
    }
    await done(host, item.blob_name, 'up');
    finishedBytes += item.size ?? 0;
    count++;
    report();
  };
  await eachWithin(todo, send);
  return count;
}

export async function deleteRemoteBlobs(session: SyncSession, host: SyncHost): Promise<number> {
  const todo = await queued(host, 'delete');
  for (const item of todo) {
    await session.remote.delete(blobName(session.nameKey, item.blob_name));
    await done(host, item.blob_name, 'delete');
  }
  return todo.length;
}

/** What a queued download is for: the document's file or its archive, with the key and hash to check it. */
async function target(host: SyncHost, item: QueuedBlob) {
  const row = await host.read.get<{
    blob_name: string;
    blob_key: Buffer;
    key_version: number;
    sha256: string;
    archive_blob_name: string | null;
    archive_blob_key: Buffer | null;
    archive_key_version: number | null;
  }>('SELECT * FROM documents WHERE id = ?', [item.doc_id]);
  if (!row) return undefined;
  if (row.blob_name === item.blob_name)
    return { key: host.openDocKey('dockey', item.doc_id, row.key_version, row.blob_key), sha256: row.sha256 };
  if (row.archive_blob_name === item.blob_name && row.archive_blob_key && row.archive_key_version !== null)
    return {
      key: host.openDocKey('archivekey', item.doc_id, row.archive_key_version, row.archive_blob_key),
      sha256: undefined,
    };
  return undefined;
}

export async function downloadBlobs(
  session: SyncSession,
  host: SyncHost,
  onProgress?: (p: BlobProgress) => void,
  signal?: AbortSignal,
): Promise<{ downloaded: number; missing: number }> {
  const todo = await queued(host, 'down');
  let downloaded = 0;
  let missing = 0;
  let refused: Error | undefined;
  for (const item of todo) {
    signal?.throwIfAborted();
    const want = await target(host, item);
    if (!want || (await host.blobSize(item.blob_name)) !== undefined) {
      want?.key.fill(0);
      await done(host, item.blob_name, 'down');
      continue;
    }
    try {
      const download = await session.remote.download(blobName(session.nameKey, item.blob_name), {
        signal,
        onProgress: (bytes) =>
          onProgress?.({ direction: 'down', files: { done: downloaded, total: todo.length }, bytes }),
      });
      if (!download) {
        // Not up yet (its device is still sending it) or deleted by a later change: tried again next round.
        missing++;
        await host.write((tx) =>
          tx.run('UPDATE sync_blobs SET attempts = attempts + 1 WHERE blob_name = ?', [item.blob_name]),
        );
        continue;
      }
      const tmp = `${host.blobPath(item.blob_name)}.${randomBytes(4).toString('hex')}.download`;
      try {
        await mkdir(dirname(tmp), { recursive: true, mode: 0o700 });
        await pipeline(download.stream, createWriteStream(tmp, { mode: 0o600 }));
        await host.adoptBlob(tmp, item.blob_name, want.key, want.sha256);
      } catch (error) {
        if (!isLockleafError(error, 'SYNC_TAMPERED')) throw error;
        // One altered file must not hold back the others: it is noted on its row, tried again next round, and reported.
        refused ??= error;
        await host.write((tx) =>
          tx.run('UPDATE sync_blobs SET attempts = attempts + 1, error = ? WHERE blob_name = ?', [
            error.code,
            item.blob_name,
          ]),
        );
        continue;
      } finally {
        await rm(tmp, { force: true });
      }
    } finally {
      want.key.fill(0);
    }
    await done(host, item.blob_name, 'down');
    downloaded++;
  }
  if (refused) throw refused;
  return { downloaded, missing };
}
