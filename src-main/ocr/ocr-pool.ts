/**
 * On-device OCR with tesseract.js: a pool of workers (see worker-count.ts for
 * how many) fed from one queue. tesseract.js's own scheduler cannot replace a
 * worker, and WASM memory only grows, so each worker is recycled after a
 * number of pages. A worker whose page failed or ran past its deadline is
 * terminated and replaced, never given the next page. A separate
 * legacy-engine worker answers "which way up?" (orientation and script
 * detection, OSD).
 */
import type { Worker as Thread } from 'node:worker_threads';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { LockleafError } from '../errors.js';
import { workerLost } from '../worker-lost.js';
import { searchablePdf } from './searchable-pdf.js';
import { prepareTessdata, type OcrLanguage } from './tessdata.js';
import { defaultOcrWorkers } from './worker-count.js';

export interface OcrOptions {
  langs: readonly OcrLanguage[];
  workers?: number;
  /** Where the bundled language data is unpacked (the app's data folder). */
  dataDir: string;
  /** Pages a worker reads before it is replaced. */
  recycleAfter?: number;
  /** The orientation worker is stopped after this long unused (most pages never need it). */
  osdIdleMs?: number;
  /** Longest one page may take on a worker; past it the worker is terminated and replaced. */
  pageTimeoutMs?: number;
}

/** A page that has not been read in three minutes will not be: its worker is better replaced. */
export const DEFAULT_PAGE_TIMEOUT_MS = 3 * 60_000;

export interface OcrResult {
  text: string;
  /** 0..1 */
  confidence: number;
  /** A one-page PDF: the image with an invisible text layer. */
  pdf?: Uint8Array;
}

interface Slot {
  worker: Worker;
  thread: Thread;
  pages: number;
  /** Set while the slot runs a task: the thread died under it. */
  onLost?: (error: LockleafError) => void;
}

type Task = {
  run: (w: Worker) => Promise<unknown>;
  timeoutMs: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/**
 * tesseract.js reports a failed call both by rejecting its promise and by throwing from its
 * message listener, an uncaught exception in this process, unless it is given an errorHandler.
 * The rejection reaches the caller, so the handler has nothing left to do.
 */
const ignoreReported = () => undefined;

/** The worker thread under a tesseract.js worker (not in its types); its death must be heard here. */
function threadOf(worker: Worker): Thread {
  const thread = (worker as unknown as { worker?: Thread }).worker;
  if (!thread || typeof thread.on !== 'function') throw new Error('tesseract.js no longer exposes its worker thread');
  return thread;
}

export class OcrPool {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly queue: Task[] = [];
  /** Workers that could not be started again after one was replaced; retried at the next page. */
  private missing = 0;
  private refilling = false;
  private osd: Promise<Worker> | undefined;
  private osdUsers = 0;
  private osdTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly langPath: string,
    private readonly options: Required<OcrOptions>,
  ) {}

  static async create(options: OcrOptions): Promise<OcrPool> {
    const langPath = await prepareTessdata(options.dataDir, options.langs);
    const full: Required<OcrOptions> = {
      workers: defaultOcrWorkers(),
      recycleAfter: 50,
      osdIdleMs: 5000,
      pageTimeoutMs: DEFAULT_PAGE_TIMEOUT_MS,
      ...options,
    };
    const pool = new OcrPool(langPath, full);
    const slots = await Promise.all(Array.from({ length: full.workers }, () => pool.spawn()));
    pool.idle.push(...slots);
    return pool;
  }

  get size(): number {
    return this.options.workers;
  }

  /** The threads of the running OCR workers (idle and busy; not the orientation worker). */
  get workerThreads(): readonly Thread[] {
    return [...this.idle, ...this.busy].map((s) => s.thread);
  }

  private async spawn(): Promise<Slot> {
    const worker = await createWorker([...this.options.langs], OEM.LSTM_ONLY, {
      langPath: this.langPath,
      gzip: true,
      // No cache: tesseract.js would otherwise write traineddata into the working directory.
      cacheMethod: 'none',
      errorHandler: ignoreReported,
    });
    const slot: Slot = { worker, thread: threadOf(worker), pages: 0 };
    // Without an 'error' listener a crash in the thread would be thrown in this process.
    const lost = (why: string) =>
      slot.onLost?.(
        workerLost(new LockleafError('DOCUMENT_DAMAGED', `The OCR worker stopped while reading a page (${why}).`)),
      );
    slot.thread.on('error', (error) => lost(error.message));
    slot.thread.on('exit', (code) => lost(`exit ${code}`));
    // Tesseract's library default is one uniform block of text (PSM 6), which runs
    // the lines of neighbouring columns, tables and pictures together; its command
    // line uses automatic page segmentation, and so must we.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
    return slot;
  }

  private schedule<T>(run: (w: Worker) => Promise<T>, timeoutMs = this.options.pageTimeoutMs): Promise<T> {
    if (this.closed) return Promise.reject(new Error('OCR pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
      void this.refill();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const slot = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.add(slot);
      void this.runTask(slot, task);
    }
  }

  /** One task on one worker, against its deadline and the worker's death, whichever comes first. */
  private async runTask(slot: Slot, task: Task): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await new Promise<Outcome>((settle) => {
      timer = setTimeout(() => {
        const message = `Reading a page with OCR took longer than ${seconds(task.timeoutMs)} and was stopped.`;
        settle({
          ok: false,
          error: workerLost(new LockleafError('PROCESSING_TIMEOUT', message, { timeoutMs: task.timeoutMs })),
        });
      }, task.timeoutMs);
      slot.onLost = (error) => settle({ ok: false, error });
      task.run(slot.worker).then(
        (value) => settle({ ok: true, value }),
        (error: unknown) =>
          settle({
            ok: false,
            error:
              error instanceof Error
                ? error
                : new LockleafError('DOCUMENT_DAMAGED', `OCR could not read the page: ${String(error)}`),
          }),
      );
    });
    clearTimeout(timer);
    slot.onLost = undefined;
    if (outcome.ok) task.resolve(outcome.value);
    else task.reject(outcome.error);
    this.busy.delete(slot);
    // A worker whose page failed is not trusted with the next one.
    await this.release(slot, !outcome.ok);
  }

  private async release(slot: Slot, failed: boolean): Promise<void> {
    slot.pages++;
    if (this.closed) return this.kill(slot);
    if (!failed && slot.pages < this.options.recycleAfter) {
      this.idle.push(slot);
      return this.pump();
    }
    await this.kill(slot);
    this.missing++;
    await this.refill();
  }

  /** Terminates a worker and waits for its thread to end (tesseract.js does not wait). */
  private async kill(slot: Slot): Promise<void> {
    const exited = new Promise<void>((resolve) => slot.thread.once('exit', () => resolve()));
    await slot.worker.terminate();
    if (slot.thread.threadId !== -1) await exited;
  }

  /** Starts the workers that were replaced. One that cannot start is tried again at the next page. */
  private async refill(): Promise<void> {
    if (this.refilling) return;
    this.refilling = true;
    try {
      while (this.missing > 0 && !this.closed) {
        let slot: Slot;
        try {
          slot = await this.spawn();
        } catch (error) {
          // With no worker left, nothing would ever take the waiting pages.
          if (this.idle.length + this.busy.size === 0)
            for (const task of this.queue.splice(0)) task.reject(new Error(`OCR could not start: ${String(error)}`));
          return;
        }
        this.missing--;
        if (this.closed) await this.kill(slot);
        else {
          this.idle.push(slot);
          this.pump();
        }
      }
    } finally {
      this.refilling = false;
    }
  }

  /**
   * Reads a page (a PNG); `rotateAuto` lets tesseract measure and undo a small skew (deskew).
   * With `pdf`, tesseract writes only the text layer and the PNG is put under it here, once
   * the worker is free again (see searchable-pdf.ts). `timeoutMs` overrides the page deadline.
   */
  async recognize(image: Buffer, options: { pdf?: boolean; timeoutMs?: number } = {}): Promise<OcrResult> {
    const read = await this.schedule(async (worker) => {
      const { data } = await worker.recognize(
        image,
        { rotateAuto: true, pdfTextOnly: true },
        { text: true, pdf: Boolean(options.pdf) },
      );
      const textLayer = data.pdf ? Uint8Array.from(data.pdf as ArrayLike<number>) : undefined;
      return { text: data.text.trim(), confidence: data.confidence / 100, textLayer, deskew: data.rotateRadians ?? 0 };
    }, options.timeoutMs);
    const { textLayer, deskew, ...result } = read;
    return textLayer ? { ...result, pdf: await searchablePdf(textLayer, image, deskew) } : result;
  }

  /**
   * Which way up the page is: degrees to turn it clockwise (as sharp.rotate does) so it reads
   * normally, with tesseract's confidence. Null when OSD cannot tell (or failed, or ran past the
   * page deadline: its worker is then stopped, and started again for the next page that asks).
   */
  async orientation(image: Buffer): Promise<{ rotate: 0 | 90 | 180 | 270; confidence: number } | null> {
    if (this.closed) throw new Error('OCR pool is closed');
    clearTimeout(this.osdTimer);
    this.osdUsers++;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.osd ??= this.spawnOsd();
      const worker = await this.osd;
      const deadline = new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), this.options.pageTimeoutMs)),
      );
      const { data } = await Promise.race([worker.detect(image), deadline]);
      const degrees = data.orientation_degrees;
      if (degrees === null || degrees === undefined) return null;
      const rotate = (degrees % 360) as 0 | 90 | 180 | 270;
      return { rotate, confidence: data.orientation_confidence ?? 0 };
    } catch {
      this.stopOsd();
      return null;
    } finally {
      clearTimeout(timer);
      // Its own WASM engine (legacy build, ~120 MB once used) is only kept while pages need it.
      if (--this.osdUsers === 0 && !this.closed)
        this.osdTimer = setTimeout(() => this.stopOsd(), this.options.osdIdleMs).unref();
    }
  }

  private spawnOsd(): Promise<Worker> {
    const started: Promise<Worker> = createWorker('osd', OEM.TESSERACT_ONLY, {
      langPath: this.langPath,
      gzip: true,
      cacheMethod: 'none',
      legacyCore: true,
      legacyLang: true,
      errorHandler: ignoreReported,
    }).then((worker) => {
      const thread = threadOf(worker);
      // A crash in the OSD thread is not thrown here: the call in flight ends at its deadline, and the next page starts another worker.
      thread.on('error', () => undefined);
      thread.on('exit', () => {
        if (this.osd === started) this.osd = undefined;
      });
      return worker;
    });
    return started;
  }

  /** Whether the orientation worker is running (it starts on demand and stops when idle). */
  get orientationRunning(): boolean {
    return this.osd !== undefined;
  }

  private stopOsd(): void {
    const osd = this.osd;
    this.osd = undefined;
    void osd?.then((w) => w.terminate()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('OCR pool closed'));
    // Busy workers are stopped as their page ends (release sees the pool closed).
    await Promise.all(this.idle.splice(0).map((s) => this.kill(s)));
    clearTimeout(this.osdTimer);
    const osd = this.osd;
    this.osd = undefined;
    if (osd) await (await osd).terminate();
  }
}
