/**
 * How a job ends, and that it stays ended: a cancel while pages are in OCR,
 * a file that keeps killing its worker, an app that keeps dying under a job,
 * and a queue whose run fails.
 */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { OcrPool, type OcrResult } from '../ocr/ocr-pool.js';
import { tempDir, tempVault } from '../vault/test-support.js';
import { DEFAULT_LIMITS } from './intake.js';
import { IngestQueue } from './ingest-queue.js';
import { MAX_ATTEMPTS, requeueUnfinished } from './job-repo.js';
import type { OcrEngine } from './page-pipeline.js';
import type { JobProgress } from './process-job.js';
import { scannedPdf, textPdf } from './test-fixtures.js';

const LIMITS = DEFAULT_LIMITS;

let pool: OcrPool;
let ocrDir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  ocrDir = await tempDir();
  pool = await OcrPool.create({ langs: ['eng'], workers: 1, dataDir: ocrDir.dir });
}, 120_000);
afterAll(async () => {
  await pool.close();
  await ocrDir.cleanup();
});

let t: Awaited<ReturnType<typeof tempVault>>;
let queue: IngestQueue | undefined;
beforeEach(async () => {
  t = await tempVault();
});
afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  await t.cleanup();
});

/** The real pool, with each page's result held until the test lets it through. */
class HeldOcr implements OcrEngine {
  /** Two pages in flight, as with two workers (the pool underneath reads them one after the other). */
  readonly size = 2;
  readonly held: (() => void)[] = [];
  private open = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  constructor(private readonly pool: OcrPool) {}

  async recognize(image: Buffer, options?: { pdf?: boolean }): Promise<OcrResult> {
    const result = await this.pool.recognize(image, options);
    if (this.open) return result;
    await new Promise<void>((release) => {
      this.held.push(release);
      for (const w of this.waiters.filter((w) => this.held.length >= w.count)) w.resolve();
    });
    return result;
  }

  orientation(image: Buffer) {
    return this.pool.orientation(image);
  }

  /** Lets every page through, now and from now on. */
  letAllThrough(): void {
    this.open = true;
    for (const release of this.held) release();
  }

  /** Resolves once `count` pages have been read and are waiting to be let through. */
  holding(count: number): Promise<void> {
    return this.held.length >= count
      ? Promise.resolve()
      : new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

function progressUntil(
  q: IngestQueue,
  done: (p: JobProgress) => boolean,
): { events: JobProgress[]; reached: Promise<void> } {
  const events: JobProgress[] = [];
  const reached = new Promise<void>((resolve) =>
    q.on('progress', (p) => {
      events.push(p);
      if (done(p)) resolve();
    }),
  );
  return { events, reached };
}

const jobRow = (id: string) =>
  t.vault.context.db.read.get<{
    state: string;
    attempts: number;
    error_code: string | null;
    error_message: string | null;
  }>('SELECT state, attempts, error_code, error_message FROM ingest_jobs WHERE id = ?', [id]);

describe('a job that has ended stays ended', () => {
  it(
    'stays cancelled when pages that were in OCR finish after the cancel, and is not queued again on restart',
    { timeout: 120_000 },
    async () => {
      const held = new HeldOcr(pool);
      queue = new IngestQueue(t.vault, held, LIMITS);
      const { events, reached: cancelled } = progressUntil(queue, (p) => p.state === 'cancelled');
      queue.start();
      const pages = ['Contract page one', 'Contract page two', 'Contract page three', 'Contract page four'].map((l) => [
        l,
        'Signed by both parties',
      ]);
      const result = await queue.enqueue({ bytes: await scannedPdf(pages), name: 'contract.pdf' });
      if (result.status !== 'queued') throw new Error('expected a queued job');
      await held.holding(2); // two pages read, neither written yet
      await queue.cancel(result.jobId);
      held.held[0]!(); // one page lets the job go on (the old loop saw the cancel only then)
      await cancelled;
      held.letAllThrough(); // the other page finishes after the job ended

      await queue.stop();
      queue = new IngestQueue(t.vault, held, LIMITS);
      queue.start();
      await queue.idle();
      expect(await jobRow(result.jobId)).toMatchObject({ state: 'cancelled' });
      expect((await t.vault.list({ scope: 'trash' })).map((d) => d.id)).toEqual([result.documentId]);
      // Nothing was reported after the job ended.
      expect(events.at(-1)).toMatchObject({ state: 'cancelled' });
    },
  );
});

describe('a file that keeps killing its reader or OCR worker', () => {
  it(
    `fails with the reason after ${MAX_ATTEMPTS} attempts that each cost a worker, and is not queued again`,
    { timeout: 120_000 },
    async () => {
      // A real worker made to run past its deadline on a real page, every time: terminated and replaced each time.
      const slow = await OcrPool.create({ langs: ['eng'], workers: 1, dataDir: ocrDir.dir, pageTimeoutMs: 1 });
      try {
        queue = new IngestQueue(t.vault, slow, LIMITS);
        const { events } = progressUntil(queue, () => false);
        queue.start();
        const result = await queue.enqueue({
          bytes: await scannedPdf([['A page no worker finishes in time']]),
          name: 'slow.pdf',
        });
        if (result.status !== 'queued') throw new Error('expected a queued job');
        await queue.idle();
        const row = await jobRow(result.jobId);
        expect(row).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, error_code: 'PROCESSING_TIMEOUT' });
        expect(row!.error_message).toMatch(/took longer than 1 ms.*happened 3 times.*Retry/);
        // Tried again after the first two, with the reason kept for the last.
        expect(events.filter((e) => e.state === 'reading')).toHaveLength(MAX_ATTEMPTS);
        expect(events.at(-1)).toMatchObject({ state: 'failed', error: { code: 'PROCESSING_TIMEOUT' } });

        await queue.stop();
        queue = new IngestQueue(t.vault, slow, LIMITS);
        queue.start();
        await queue.idle();
        expect(await jobRow(result.jobId)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });

        // Retry starts the count again.
        await queue.retry(result.jobId);
        expect(await jobRow(result.jobId)).toMatchObject({ attempts: 0 });
        await queue.stop();
      } finally {
        await slow.close();
      }
    },
  );

  it(`fails a job the app died under ${MAX_ATTEMPTS} times, instead of reading it again at every start`, async () => {
    queue = new IngestQueue(t.vault, pool, LIMITS);
    const result = await queue.enqueue({ bytes: await textPdf([['A file the app died on']]), name: 'crash.pdf' });
    if (result.status !== 'queued') throw new Error('expected a queued job');
    const db = t.vault.context.db;
    // As a killed app leaves a job it was reading, then the next start, each time.
    for (let death = 1; death <= MAX_ATTEMPTS; death++) {
      await db.write((tx) => tx.run("UPDATE ingest_jobs SET state = 'ocr' WHERE id = ?", [result.jobId]));
      if (death < MAX_ATTEMPTS) expect(await db.write((tx) => requeueUnfinished(tx))).toEqual([]);
    }
    const { events } = progressUntil(queue, () => false);
    queue.start();
    await queue.idle();
    expect(await jobRow(result.jobId)).toMatchObject({
      state: 'failed',
      attempts: MAX_ATTEMPTS,
      error_code: 'DOCUMENT_DAMAGED',
      error_message: expect.stringMatching(/stopped while reading this file 3 times/),
    });
    expect(events).toEqual([expect.objectContaining({ jobId: result.jobId, state: 'failed' })]);
  });

  it('a job a quit interrupts goes back to the queue without counting as an attempt', { timeout: 30_000 }, async () => {
    queue = new IngestQueue(t.vault, pool, LIMITS);
    const { reached } = progressUntil(queue, (p) => p.state === 'ocr');
    queue.start();
    const result = await queue.enqueue({
      bytes: await scannedPdf([['First of two'], ['Second of two']]),
      name: 'quit.pdf',
    });
    if (result.status !== 'queued') throw new Error('expected a queued job');
    await reached;
    await queue.stop();
    expect(await jobRow(result.jobId)).toMatchObject({ state: 'queued', attempts: 0 });
  });
});

describe('a queue whose run fails', () => {
  it('reports it instead of leaving an unhandled rejection, and can be started again', async () => {
    const lines: string[] = [];
    const unhandled: unknown[] = [];
    let heard: () => void = () => undefined;
    const reported = new Promise<void>((resolve) => (heard = resolve));
    const log = createLogger({
      level: 'error',
      destination: new Writable({ write: (chunk, _, next) => (lines.push(String(chunk)), heard(), next()) }) as never,
    });
    const onUnhandled = (reason: unknown) => (unhandled.push(reason), heard());
    process.on('unhandledRejection', onUnhandled);
    try {
      queue = new IngestQueue(t.vault, pool, LIMITS, log);
      // The database refuses the run's first write (as a full or damaged disk would).
      await t.vault.context.db.write((tx) => tx.run('ALTER TABLE ingest_jobs RENAME TO ingest_jobs_away'));
      queue.start();
      await reported;
      expect(unhandled).toEqual([]);
      expect(lines.join('')).toMatch(/no such table: ingest_jobs.*ingest queue stopped/);

      await t.vault.context.db.write((tx) => tx.run('ALTER TABLE ingest_jobs_away RENAME TO ingest_jobs'));
      queue.start();
      const result = await queue.enqueue({
        bytes: await textPdf([['Read once the queue runs again']]),
        name: 'again.pdf',
      });
      await queue.idle();
      expect(result.status === 'queued' && (await jobRow(result.jobId))?.state).toBe('done');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
