/**
 * Wires the ingest pipeline for the app and the CLI: a queue over the vault
 * and an OCR pool that starts its workers only when a page first needs OCR
 * (born-digital PDFs never pay for it).
 */
import { DEFAULT_SETTINGS } from '../../src-shared/settings.js';
import type { Logger } from '../log/logger.js';
import { OcrPool, type OcrResult } from '../ocr/ocr-pool.js';
import type { OcrLanguage } from '../ocr/tessdata.js';
import type { ReaderSpawner } from './reader/reader-process.js';
import { defaultOcrWorkers } from '../ocr/worker-count.js';
import type { Vault } from '../vault/vault.js';
import { IngestQueue } from './ingest-queue.js';
import { DEFAULT_LIMITS, type IngestLimits } from './intake.js';
import type { OcrEngine } from './page-pipeline.js';

export interface IngestSettings {
  /** Where OCR language data is unpacked (the app's data folder). */
  dataDir: string;
  langs?: readonly OcrLanguage[];
  /** OCR workers; by default one per core as far as free memory allows (worker-count.ts). */
  workers?: number;
  /** Longest one page may take on an OCR worker before the worker is replaced. */
  pageTimeoutMs?: number;
  limits?: IngestLimits;
  /** Where a failed queue run is reported. */
  log?: Logger;
  /** How reader processes start: a Node child by default, a utility process in the Electron shell. */
  spawnReader?: ReaderSpawner;
}

/** One pool with the calls still running on it, so a replaced pool closes only when they are done. */
interface Generation {
  pool: Promise<OcrPool>;
  inflight: number;
  retired: boolean;
}

export class LazyOcr implements OcrEngine {
  private current: Generation | undefined;
  private workers: number;

  constructor(private settings: IngestSettings) {
    this.workers = settings.workers ?? defaultOcrWorkers();
  }

  get size(): number {
    return this.workers;
  }

  private generation(): Generation {
    this.current ??= {
      pool: OcrPool.create({
        langs: this.settings.langs ?? DEFAULT_SETTINGS.ocrLanguages,
        workers: this.size,
        dataDir: this.settings.dataDir,
        ...(this.settings.pageTimeoutMs ? { pageTimeoutMs: this.settings.pageTimeoutMs } : {}),
      }),
      inflight: 0,
      retired: false,
    };
    return this.current;
  }

  private async use<T>(fn: (pool: OcrPool) => Promise<T>): Promise<T> {
    const gen = this.generation();
    gen.inflight++;
    try {
      return await fn(await gen.pool);
    } finally {
      gen.inflight--;
      if (gen.retired && gen.inflight === 0) void gen.pool.then((p) => p.close()).catch(() => undefined);
    }
  }

  recognize(image: Buffer, options?: { pdf?: boolean }): Promise<OcrResult> {
    return this.use((pool) => pool.recognize(image, options));
  }

  orientation(image: Buffer) {
    return this.use((pool) => pool.orientation(image));
  }

  /** New languages apply to the next page; pages being read finish on the old workers, which then close. */
  setLanguages(langs: readonly OcrLanguage[]): void {
    if (this.settings.langs && langs.join() === this.settings.langs.join()) return;
    this.settings = { ...this.settings, langs };
    this.retire();
  }

  /** A new number of workers applies to the next page, the same way. */
  setWorkers(workers: number): void {
    if (workers === this.workers) return;
    this.workers = workers;
    this.retire();
  }

  private retire(): void {
    const old = this.current;
    this.current = undefined;
    if (old) {
      old.retired = true;
      if (old.inflight === 0) void old.pool.then((p) => p.close()).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.current) await (await this.current.pool).close();
  }
}

export function createIngest(
  vault: Vault,
  settings: IngestSettings,
): { queue: IngestQueue; ocr: LazyOcr; close(): Promise<void> } {
  const ocr = new LazyOcr(settings);
  const queue = new IngestQueue(vault, ocr, settings.limits ?? DEFAULT_LIMITS, settings.log, settings.spawnReader);
  return {
    queue,
    ocr,
    async close() {
      await queue.stop();
      await ocr.close();
    },
  };
}
