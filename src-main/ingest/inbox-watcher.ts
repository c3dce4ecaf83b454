/**
 * The watched inbox: scanners and phones drop files into a folder; each new
 * file is ingested and removed from the folder only once it is safely stored
 * in the vault. Polling works where file events do not (network shares).
 * A refused file stays where it is, with its reason reported once.
 */
import { EventEmitter } from 'node:events';
import { stat, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { ErrorData } from '../../src-shared/errors.js';
import type { EnqueueResult } from '../../src-shared/ingest.js';
import { isLockleafError } from '../errors.js';
import type { IngestQueue } from './ingest-queue.js';

export interface InboxOptions {
  /** Poll instead of relying on file-system events (network shares). */
  poll?: boolean;
  intervalMs?: number;
  /** How long a file's size must stay the same before it counts as written. */
  settleMs?: number;
}

export interface InboxEvents {
  stored: [{ path: string; result: EnqueueResult }];
  refused: [{ path: string; error: ErrorData }];
  ready: [];
}

export class InboxWatcher extends EventEmitter<InboxEvents> {
  private watcher: FSWatcher | undefined;
  private readonly refused = new Map<string, number>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly queue: IngestQueue,
    private readonly options: InboxOptions = {},
  ) {
    super();
  }

  start(): void {
    this.watcher = watch(this.dir, {
      depth: 0,
      ignoreInitial: false,
      usePolling: Boolean(this.options.poll),
      interval: this.options.intervalMs ?? 1000,
      awaitWriteFinish: { stabilityThreshold: this.options.settleMs ?? 2000, pollInterval: 200 },
      // Hidden and partial files (".x", "x.part", "x.crdownload", "x.tmp") are still being written.
      ignored: (path: string) => /(^|[/\\])\.[^/\\]+$|\.(part|crdownload|tmp|partial)$/i.test(basename(path)) && path !== this.dir,
    });
    this.watcher.on('add', (path) => void this.take(path));
    this.watcher.on('change', (path) => void this.take(path));
    this.watcher.on('ready', () => this.emit('ready'));
  }

  private async take(path: string): Promise<void> {
    if (this.busy.has(path)) return;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return;
    // A file refused before is tried again only once it changes.
    if (this.refused.get(path) === info.mtimeMs) return;
    this.busy.add(path);
    try {
      const result = await this.queue.enqueue({ path });
      // Committed to the vault (or already there): now the folder copy can go.
      await unlink(path);
      this.refused.delete(path);
      this.emit('stored', { path, result });
    } catch (error) {
      this.refused.set(path, info.mtimeMs);
      const data: ErrorData = isLockleafError(error) ? error.toData() : { code: 'FILE_UNREADABLE', message: (error as Error).message };
      this.emit('refused', { path, error: data });
    } finally {
      this.busy.delete(path);
    }
  }

  async stop(): Promise<void> {
    await this.watcher?.close();
  }
}
