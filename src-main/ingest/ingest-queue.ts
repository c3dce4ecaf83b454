/**
 * The durable ingest queue. `enqueue` checks a file at the gate, stores the
 * original encrypted and queues a job in the same transaction — from then on
 * the file is safe in the vault even if reading it fails. Jobs run side by side,
 * one per OCR worker at most, their pages sharing the OCR pool; jobs survive
 * restarts.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ErrorData } from '../../src-shared/errors.js';
import type { EnqueueResult, IngestJob } from '../../src-shared/ingest.js';
import { LockleafError, isLockleafError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { registerSecret } from '../log/redact.js';
import { enterInbox } from '../classify/inbox-repo.js';
import { rebuildSearchRow } from '../vault/search/search-index.js';
import type { Vault } from '../vault/vault.js';
import { isWorkerLost } from '../worker-lost.js';
import { checkSize, DEFAULT_LIMITS, inspect, type IngestLimits } from './intake.js';
import {
  getJob,
  insertJob,
  listJobs,
  nextQueued,
  recordInterruption,
  reopenJob,
  requeueUnfinished,
  setJobState,
} from './job-repo.js';
import type { OcrEngine } from './page-pipeline.js';
import { processJob, type JobProgress } from './process-job.js';
import { ReaderPool } from './reader/reader-client.js';
import type { ReaderSpawner } from './reader/reader-process.js';

export interface IngestEvents {
  progress: [JobProgress];
}

export class IngestQueue extends EventEmitter<IngestEvents> {
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private signalled = false;
  private stopped = false;
  /** The jobs running, each with what stops it (a cancel, or the queue stopping). */
  private readonly current = new Map<string, AbortController>();
  private readonly cancelRequests = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private readonly readers: ReaderPool;
  /**
   * Passwords typed for protected PDFs, by job: in memory only, for that job's next read,
   * and dropped when it ends (done, failed, cancelled) or the queue stops (lock, quit).
   */
  private readonly passwords = new Map<string, string>();

  constructor(
    private readonly vault: Vault,
    private readonly ocr: OcrEngine,
    /** Public so callers that read files themselves (the watched inbox) can refuse a big one before reading it. */
    readonly limits: IngestLimits = DEFAULT_LIMITS,
    private readonly log: Logger = silentLogger,
    spawnReader?: ReaderSpawner,
  ) {
    super();
    this.readers = new ReaderPool(limits.timeoutMs, undefined, spawnReader);
  }

  /** Checks, stores and queues one file. Refusals throw a LockleafError with the reason. */
  async enqueue(input: { path: string; name?: string } | { bytes: Buffer; name: string }): Promise<EnqueueResult> {
    let bytes: Buffer;
    if ('path' in input) {
      await checkSize(input.path, this.limits);
      bytes = await readFile(input.path);
    } else bytes = input.bytes;
    const name = input.name ?? basename('path' in input ? input.path : 'document');
    const { kind } = await inspect(bytes, this.limits);
    if (kind === 'image') await this.readers.use((reader) => reader.probe(bytes, kind, this.limits));
    let jobId = '';
    const added = await this.vault.add({
      bytes,
      name,
      pages: [],
      onInsert: async (tx, seq) => {
        jobId = await insertJob(tx, seq, name);
        // In the same transaction: a document that came in is in the Inbox even if the app dies now.
        await enterInbox(tx, seq);
      },
    });
    if (added.status === 'duplicate')
      return { status: 'duplicate', documentId: added.id, title: added.title, inTrash: added.inTrash };
    this.emit('progress', { jobId, documentId: added.id, name, state: 'queued', pagesDone: 0, pagesTotal: null });
    this.signal();
    return { status: 'queued', jobId, documentId: added.id };
  }

  /** Starts working, first putting back any job a crash or quit interrupted. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    const running = (async () => {
      const failed = await this.vault.store.db.write((tx) => requeueUnfinished(tx));
      for (const id of failed) await this.announce(id);
      await this.loop();
    })().catch((error: unknown) => {
      // Nobody awaits a run until stop(): a failed one (the database refused a write) is reported
      // here, never left as an unhandled rejection, and the queue can be started again.
      this.log.error({ err: error }, 'ingest queue stopped');
      if (this.running === running) this.running = undefined;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
    this.running = running;
  }

  /** Keeps up to one job per OCR worker running, so single-page files use every core too. */
  private async loop(): Promise<void> {
    const active = new Map<string, Promise<void>>();
    while (!this.stopped) {
      const job =
        active.size < Math.max(1, this.ocr.size)
          ? await nextQueued(this.vault.store.db.read, [...active.keys()])
          : undefined;
      if (job) {
        const run = this.run(job)
          .catch((error: unknown) => this.log.error({ err: error, jobId: job.id }, 'ingest job could not be settled'))
          .finally(() => {
            active.delete(job.id);
            this.signal();
          });
        active.set(job.id, run);
        continue;
      }
      if (active.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      // A signal that came while we were busy is not lost: wait only if none is pending.
      if (!this.signalled) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      this.signalled = false;
    }
    await Promise.all(active.values());
  }

  private async run(job: IngestJob & { documentSeq: number }): Promise<void> {
    const controller = new AbortController();
    this.current.set(job.id, controller);
    if (this.stopped) controller.abort();
    try {
      await processJob(
        {
          vault: this.vault,
          ocr: this.ocr,
          readers: this.readers,
          limits: this.limits,
          emit: (p) => this.emit('progress', p),
          signal: controller.signal,
          password: this.passwords.get(job.id),
        },
        job,
      );
      await this.finish(job, 'done');
    } catch (error) {
      if (this.cancelRequests.has(job.id) && isLockleafError(error, 'JOB_CANCELLED'))
        await this.finish(job, 'cancelled');
      // Interrupted by a quit or lock: back to the queue with the pages it read, and not the file's fault.
      else if (this.stopped) await this.vault.store.db.write((tx) => setJobState(tx, job.id, 'queued'));
      else if (isWorkerLost(error)) {
        const left = await this.vault.store.db.write((tx) => recordInterruption(tx, job.id, error.toData()));
        // Tried again on its own: the password stays for that read; a job that gave up drops it.
        if (left === 'failed') this.passwords.delete(job.id);
        await this.announce(job.id);
      } else
        await this.finish(
          job,
          'failed',
          isLockleafError(error)
            ? error.toData()
            : { code: 'DOCUMENT_DAMAGED', message: `Reading failed: ${(error as Error).message}` },
        );
    } finally {
      this.current.delete(job.id);
      this.cancelRequests.delete(job.id);
    }
  }

  /** Ends a job; a job that has already ended (done, failed, cancelled) stays as it is. */
  private async finish(
    job: IngestJob & { documentSeq: number },
    state: 'done' | 'failed' | 'cancelled',
    error?: ErrorData,
  ): Promise<void> {
    this.passwords.delete(job.id);
    const changed = await this.vault.store.db.write((tx) => setJobState(tx, job.id, state, { error: error ?? null }));
    if (!changed) return;
    if (state === 'cancelled') await this.vault.trash(job.documentId);
    await this.announce(job.id);
  }

  /** Tells listeners the state a job is in now. */
  private async announce(jobId: string): Promise<void> {
    const job = await getJob(this.vault.store.db.read, jobId);
    if (!job) return;
    this.emit('progress', {
      jobId,
      documentId: job.documentId,
      name: job.name,
      state: job.state,
      pagesDone: job.pagesDone,
      pagesTotal: job.pagesTotal,
      ...(job.error ? { error: job.error } : {}),
    });
  }

  private signal(): void {
    this.signalled = true;
    this.wake?.();
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.signal();
    });
  }

  list(limit = 200): Promise<IngestJob[]> {
    return listJobs(this.vault.store.db.read, limit);
  }

  /** Stops a queued or running job; its document goes to the trash (restorable). */
  async cancel(jobId: string): Promise<void> {
    const job = await getJob(this.vault.store.db.read, jobId);
    if (!job) throw new LockleafError('JOB_NOT_FOUND', `No ingest job ${jobId}.`);
    const running = this.current.get(jobId);
    if (running) {
      this.cancelRequests.add(jobId);
      running.abort();
      return;
    }
    if (job.state === 'queued') await this.finish(job, 'cancelled');
  }

  /** Reads a failed or cancelled file again from its stored original. */
  async retry(jobId: string): Promise<void> {
    const job = await getJob(this.vault.store.db.read, jobId);
    if (!job) throw new LockleafError('JOB_NOT_FOUND', `No ingest job ${jobId}.`);
    if (job.state !== 'failed' && job.state !== 'cancelled') return;
    await this.vault.store.db.write(async (tx) => {
      await tx.run('DELETE FROM pages WHERE document_seq = ?', [job.documentSeq]);
      await tx.run('DELETE FROM page_pdfs WHERE document_seq = ?', [job.documentSeq]);
      await rebuildSearchRow(tx, job.documentSeq);
      await tx.run('UPDATE documents SET deleted_at = NULL WHERE seq = ?', [job.documentSeq]);
      await reopenJob(tx, jobId);
    });
    this.signal();
  }

  /**
   * Reads a protected PDF again with the password the user typed. The password goes to the
   * reader for this job only: never written to the database or a job's error, never logged
   * (registered as a secret), forgotten when the job ends. A wrong one fails the job with
   * PDF_WRONG_PASSWORD, and it can be typed again.
   */
  async unlockPdf(jobId: string, password: string): Promise<void> {
    const job = await getJob(this.vault.store.db.read, jobId);
    if (!job) throw new LockleafError('JOB_NOT_FOUND', `No ingest job ${jobId}.`);
    const code = job.error?.code;
    if (job.state !== 'failed' || (code !== 'PDF_ENCRYPTED' && code !== 'PDF_WRONG_PASSWORD'))
      throw new LockleafError('INVALID_INPUT', 'Only a file that failed for want of its password takes one.');
    registerSecret(password);
    this.passwords.set(jobId, password);
    this.log.info({ jobId }, 'reading a protected PDF with the password typed for it');
    await this.retry(jobId);
  }

  async stop(): Promise<void> {
    this.passwords.clear();
    this.stopped = true;
    for (const controller of this.current.values()) controller.abort();
    this.signal();
    await this.running?.catch(() => undefined);
    this.running = undefined;
    await this.readers.close();
  }
}
