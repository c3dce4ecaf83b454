/**
 * The watched inbox: scanners and phones drop files into a folder; each new
 * file is ingested and removed from the folder only once it is safely stored
 * in the vault. Polling works where file events do not (network shares).
 * A refused file stays where it is, with its reason reported once.
 *
 * Only the file that was stored is ever deleted: it is read through one
 * descriptor (never through a symbolic link), and unlinked only if the path
 * still names that file, unchanged (same device and inode, size and
 * modification time). A file swapped in meanwhile stays and is taken in turn.
 * A copy of a document that is in the trash stays too: deleting it would
 * leave the trash, which empties itself, holding the only copy.
 */
import { EventEmitter } from 'node:events';
import { lstat, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { ErrorData } from '../../src-shared/errors.js';
import type { EnqueueResult } from '../../src-shared/ingest.js';
import { LockleafError, isLockleafError } from '../errors.js';
import { readOwnFile, stillSameFile } from '../fs/read-own-file.js';
import type { IngestQueue } from './ingest-queue.js';

export interface InboxOptions {
  /** Poll instead of relying on file-system events (network shares). */
  poll?: boolean;
  intervalMs?: number;
  /** How long a file's size must stay the same before it counts as written. */
  settleMs?: number;
}

export interface InboxEvents {
  /** `removed`: the folder copy was deleted (false when the path no longer held the file that was stored). */
  stored: [{ path: string; result: EnqueueResult; removed: boolean }];
  refused: [{ path: string; error: ErrorData }];
  ready: [];
}

export class InboxWatcher extends EventEmitter<InboxEvents> {
  private watcher: FSWatcher | undefined;
  private readonly refused = new Map<string, number>();
  private readonly busy = new Set<string>();
  /** Paths that changed while they were being taken: taken again once that is over. */
  private readonly pending = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly queue: Pick<IngestQueue, 'enqueue' | 'limits'>,
    private readonly options: InboxOptions = {},
  ) {
    super();
  }

  start(): void {
    this.watcher = watch(this.dir, {
      depth: 0,
      ignoreInitial: false,
      usePolling: Boolean(this.options.poll),
      // A link is reported as itself (and refused), never as the file it points to.
      followSymlinks: false,
      interval: this.options.intervalMs ?? 1000,
      awaitWriteFinish: { stabilityThreshold: this.options.settleMs ?? 2000, pollInterval: 200 },
      // Hidden and partial files (".x", "x.part", "x.crdownload", "x.tmp") are still being written.
      ignored: (path: string) =>
        /(^|[/\\])\.[^/\\]+$|\.(part|crdownload|tmp|partial)$/i.test(basename(path)) && path !== this.dir,
    });
    this.watcher.on('add', (path) => void this.take(path));
    this.watcher.on('change', (path) => void this.take(path));
    this.watcher.on('ready', () => this.emit('ready'));
  }

  private async take(path: string): Promise<void> {
    if (this.busy.has(path)) {
      this.pending.add(path);
      return;
    }
    const info = await lstat(path).catch(() => undefined);
    if (!info || !(info.isFile() || info.isSymbolicLink())) return;
    // A file refused before is tried again only once it changes.
    if (this.refused.get(path) === info.mtimeMs) return;
    this.busy.add(path);
    try {
      const file = await readOwnFile(path, this.queue.limits.maxBytes);
      const result = await this.queue.enqueue({ bytes: file.bytes, name: basename(path) });
      if (result.status === 'duplicate' && result.inTrash) {
        throw new LockleafError(
          'DUPLICATE_DOCUMENT',
          `This file is already in the vault but in the trash ("${result.title}"), so it was left here: restore the document from the trash, then delete this copy.`,
        );
      }
      // Committed to the vault (or already there): now the folder copy can go, if the path still holds it.
      const removed = await stillSameFile(path, file.identity);
      // Otherwise something else is at the path now: it stays, and its own file event brings it in.
      if (removed) await unlink(path);
      this.refused.delete(path);
      this.emit('stored', { path, result, removed });
    } catch (error) {
      // Still being written: its next file event brings it back.
      if (isLockleafError(error) && error.details?.changed === true) return;
      this.refused.set(path, info.mtimeMs);
      const data: ErrorData = isLockleafError(error)
        ? error.toData()
        : { code: 'FILE_UNREADABLE', message: (error as Error).message };
      this.emit('refused', { path, error: data });
    } finally {
      this.busy.delete(path);
      if (this.pending.delete(path)) void this.take(path);
    }
  }

  async stop(): Promise<void> {
    await this.watcher?.close();
  }
}
