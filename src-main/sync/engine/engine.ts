/**
 * The sync engine of one unlocked vault: a round captures local edits, pulls
 * and applies what other devices wrote, sends this device's files and
 * segments, deletes what purges released, fetches files that arrived, and
 * writes a snapshot when enough has changed. One round at a time; every step
 * is resumable, so a round cut short (crash, network, lock) loses nothing
 * and the next one carries on.
 */
import { isLockleafError, LockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import { HybridClock } from '../merge/hlc.js';
import type { ChainState } from '../log/verifier.js';
import { deleteRemoteBlobs, downloadBlobs, uploadBlobs, type BlobProgress } from './blobs.js';
import { captureDirty } from './capture.js';
import { cleanUpSegments, publishAck } from './cleanup.js';
import { refreshDevices } from './devices.js';
import { checkKeyring } from './passphrase.js';
import { pull } from './pull.js';
import { sealPending, uploadSegments } from './push.js';
import type { SyncConfigRow, SyncSession } from './session.js';
import { loadLatestSnapshot } from './snapshot-reader.js';
import { maybeWriteSnapshot } from './snapshot-writer.js';

export type SyncPhase = 'capture' | 'pull' | 'upload' | 'download' | 'snapshot';

export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
  blobs?: BlobProgress;
}

export interface SyncReport {
  pulledSegments: number;
  applied: number;
  conflicts: number;
  pushedSegments: number;
  uploadedFiles: number;
  downloadedFiles: number;
  /** Files named by the log that are not in the bucket yet (their device is still sending them). */
  missingFiles: number;
  deletedFiles: number;
  /** Documents the log describes that could not be shown here, and why. */
  issues: { docId: string; why: string }[];
  snapshot: boolean;
  /** This device's old segments deleted (every device has what they held). */
  cleanedSegments: number;
}

export interface SyncOptions {
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
  /** Skip fetching files (the library first; `lockleaf sync` fetches them). */
  skipDownloads?: boolean;
  /** Write a snapshot after this many own segments since the last (default 200). */
  snapshotEvery?: number;
}

/** Codes that mean the bucket or a member misbehaved: worth an audit entry. */
const REFUSALS = new Set([
  'SYNC_TAMPERED',
  'SYNC_ROLLBACK',
  'SYNC_FORK',
  'SYNC_GAP',
  'SYNC_REPLAY',
  'SYNC_SWAPPED',
  'SYNC_CHANGE_INVALID',
]);

export class SyncEngine {
  private running: Promise<SyncReport> | undefined;

  constructor(
    readonly session: SyncSession,
    private readonly host: SyncHost,
  ) {}

  /** Runs a round, or joins the one running. */
  sync(options: SyncOptions = {}): Promise<SyncReport> {
    this.running ??= this.round(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async config(): Promise<SyncConfigRow> {
    return (await this.host.read.get<SyncConfigRow>('SELECT * FROM sync_config WHERE id = 1'))!;
  }

  private async round(options: SyncOptions): Promise<SyncReport> {
    const { session, host } = this;
    const progress = options.onProgress ?? (() => undefined);
    try {
      const config = await this.config();
      const clock = new HybridClock(session.deviceId, Date.now, config.hlc_last ?? undefined);
      progress({ phase: 'capture', done: 0, total: 1 });
      for (;;) {
        const { changes } = await host.write((tx) => captureDirty(tx, clock));
        if (changes === 0) break;
      }
      progress({ phase: 'pull', done: 0, total: 1 });
      await checkKeyring(session, host);
      await refreshDevices(session.remote, host.read, (fn) => host.write(fn), session.nameKey, host.vaultId);
      // A new device starts from the most complete snapshot, then reads only the segments after it.
      if (config.chain === '{}' && config.next_seq === 1) await loadLatestSnapshot(session, host, clock);
      const { chain } = await this.config();
      const pulled = await pull(session, host, clock, JSON.parse(chain) as ChainState, (done, total) =>
        progress({ phase: 'pull', done, total }),
      );
      options.signal?.throwIfAborted();
      const blobProgress = (blobs: BlobProgress) =>
        progress({
          phase: blobs.direction === 'up' ? 'upload' : 'download',
          done: blobs.files.done,
          total: blobs.files.total,
          blobs,
        });
      // This device's own edits go out even when another device's chain was refused: its chain is its own.
      const uploadedFiles = await uploadBlobs(session, host, blobProgress, options.signal);
      await sealPending(session, host);
      const pushedSegments = await uploadSegments(session, host);
      const deletedFiles = await deleteRemoteBlobs(session, host);
      if (pulled.errors.length > 0) throw pulled.errors[0];
      const fetched = options.skipDownloads
        ? { downloaded: 0, missing: 0 }
        : await downloadBlobs(session, host, blobProgress, options.signal);
      progress({ phase: 'snapshot', done: 0, total: 1 });
      const snapshot = await maybeWriteSnapshot(session, host, options.snapshotEvery ?? 200);
      await publishAck(session, host);
      const cleaned = await cleanUpSegments(session, host);
      await host.write((tx) =>
        tx.run('UPDATE sync_config SET last_sync_at = ?, last_error = NULL', [new Date().toISOString()]),
      );
      return {
        pulledSegments: pulled.segments,
        applied: pulled.applied,
        conflicts: pulled.conflicts,
        pushedSegments,
        uploadedFiles,
        downloadedFiles: fetched.downloaded,
        missingFiles: fetched.missing,
        deletedFiles,
        issues: pulled.issues,
        snapshot,
        cleanedSegments: cleaned,
      };
    } catch (error) {
      await this.recordError(error);
      throw error;
    }
  }

  private async recordError(error: unknown): Promise<void> {
    const data = isLockleafError(error)
      ? error.toData()
      : { code: 'SYNC_FAILED', message: error instanceof Error ? error.message : String(error) };
    await this.host
      .write((tx) =>
        tx.run('UPDATE sync_config SET last_error = ?', [JSON.stringify({ code: data.code, message: data.message })]),
      )
      .catch(() => undefined);
    if (error instanceof LockleafError && REFUSALS.has(error.code))
      await this.host.audit('sync.refused', { code: error.code }).catch(() => undefined);
  }
}
