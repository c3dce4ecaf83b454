/**
 * On-device OCR with tesseract.js: a pool of workers (one per core by
 * default) fed from one queue. tesseract.js's own scheduler cannot replace a
 * worker, and WASM memory only grows, so each worker is recycled after a
 * number of pages. A separate legacy-engine worker answers "which way up?"
 * (orientation and script detection, OSD).
 */
import { availableParallelism } from 'node:os';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { searchablePdf } from './searchable-pdf.js';
import { prepareTessdata, type OcrLanguage } from './tessdata.js';

export interface OcrOptions {
  langs: readonly OcrLanguage[];
  workers?: number;
  /** Where the bundled language data is unpacked (the app's data folder). */
  dataDir: string;
  /** Pages a worker reads before it is replaced. */
  recycleAfter?: number;
  /** The orientation worker is stopped after this long unused (most pages never need it). */
  osdIdleMs?: number;
}

export interface OcrResult {
  text: string;
  /** 0..1 */
  confidence: number;
  /** A one-page PDF: the image with an invisible text layer. */
  pdf?: Uint8Array;
}

interface Slot {
  worker: Worker;
  pages: number;
}

type Task = { run: (w: Worker) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

export class OcrPool {
  private readonly idle: Slot[] = [];
  private readonly queue: Task[] = [];
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
    const full: Required<OcrOptions> = { workers: availableParallelism(), recycleAfter: 50, osdIdleMs: 5000, ...options };
    const pool = new OcrPool(langPath, full);
    const slots = await Promise.all(Array.from({ length: full.workers }, () => pool.spawn()));
    pool.idle.push(...slots);
    return pool;
  }

  get size(): number {
    return this.options.workers;
  }

  private async spawn(): Promise<Slot> {
    const worker = await createWorker([...this.options.langs], OEM.LSTM_ONLY, {
      langPath: this.langPath,
      gzip: true,
      // No cache: tesseract.js would otherwise write traineddata into the working directory.
      cacheMethod: 'none',
    });
    // Tesseract's library default is one uniform block of text (PSM 6), which runs
    // the lines of neighbouring columns, tables and pictures together; its command
    // line uses automatic page segmentation, and so must we.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
    return { worker, pages: 0 };
  }

  private schedule<T>(run: (w: Worker) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('OCR pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const slot = this.idle.pop()!;
      const task = this.queue.shift()!;
      task.run(slot.worker).then(task.resolve, task.reject).finally(() => void this.release(slot));
    }
  }

  private async release(slot: Slot): Promise<void> {
    slot.pages++;
    let next = slot;
    if (slot.pages >= this.options.recycleAfter && !this.closed) {
      await slot.worker.terminate();
      next = await this.spawn();
    }
    if (this.closed) {
      await next.worker.terminate();
      return;
    }
    this.idle.push(next);
    this.pump();
  }

  /**
   * Reads a page (a PNG); `rotateAuto` lets tesseract measure and undo a small skew (deskew).
   * With `pdf`, tesseract writes only the text layer and the PNG is put under it here, once
   * the worker is free again (see searchable-pdf.ts).
   */
  async recognize(image: Buffer, options: { pdf?: boolean } = {}): Promise<OcrResult> {
    const read = await this.schedule(async (worker) => {
      const { data } = await worker.recognize(image, { rotateAuto: true, pdfTextOnly: true }, { text: true, pdf: Boolean(options.pdf) });
      const textLayer = data.pdf ? Uint8Array.from(data.pdf as ArrayLike<number>) : undefined;
      return { text: data.text.trim(), confidence: data.confidence / 100, textLayer, deskew: data.rotateRadians ?? 0 };
    });
    const { textLayer, deskew, ...result } = read;
    return textLayer ? { ...result, pdf: await searchablePdf(textLayer, image, deskew) } : result;
  }

  /**
   * Which way up the page is: degrees to turn it clockwise (as sharp.rotate does) so it reads
   * normally, with tesseract's confidence. Null when OSD cannot tell.
   */
  async orientation(image: Buffer): Promise<{ rotate: 0 | 90 | 180 | 270; confidence: number } | null> {
    if (this.closed) throw new Error('OCR pool is closed');
    clearTimeout(this.osdTimer);
    this.osdUsers++;
    try {
      this.osd ??= createWorker('osd', OEM.TESSERACT_ONLY, { langPath: this.langPath, gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true });
      const worker = await this.osd;
      const { data } = await worker.detect(image);
      const degrees = data.orientation_degrees;
      if (degrees === null || degrees === undefined) return null;
      const rotate = (degrees % 360) as 0 | 90 | 180 | 270;
      return { rotate, confidence: data.orientation_confidence ?? 0 };
    } catch {
      return null;
    } finally {
      // Its own WASM engine (legacy build, ~120 MB once used) is only kept while pages need it.
      if (--this.osdUsers === 0 && !this.closed) this.osdTimer = setTimeout(() => this.stopOsd(), this.options.osdIdleMs).unref();
    }
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
    await Promise.all(this.idle.splice(0).map((s) => s.worker.terminate()));
    clearTimeout(this.osdTimer);
    if (this.osd) await (await this.osd).terminate();
  }
}
