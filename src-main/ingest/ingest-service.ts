/**
 * Wires the ingest pipeline for the app and the CLI: a queue over the vault
 * and an OCR pool that starts its workers only when a page first needs OCR
 * (born-digital PDFs never pay for it).
 */
import { availableParallelism } from 'node:os';
import { OcrPool, type OcrResult } from '../ocr/ocr-pool.js';
import type { OcrLanguage } from '../ocr/tessdata.js';
import type { Vault } from '../vault/vault.js';
import { IngestQueue } from './ingest-queue.js';
import { DEFAULT_LIMITS, type IngestLimits } from './intake.js';
import type { OcrEngine } from './page-pipeline.js';

export interface IngestSettings {
  /** Where OCR language data is unpacked (the app's data folder). */
  dataDir: string;
  langs?: readonly OcrLanguage[];
  workers?: number;
  limits?: IngestLimits;
}

export class LazyOcr implements OcrEngine {
  private pool: Promise<OcrPool> | undefined;
  readonly size: number;

  constructor(private readonly settings: IngestSettings) {
    this.size = settings.workers ?? availableParallelism();
  }

  private get(): Promise<OcrPool> {
    this.pool ??= OcrPool.create({ langs: this.settings.langs ?? ['eng', 'deu', 'fra'], workers: this.size, dataDir: this.settings.dataDir });
    return this.pool;
  }

  async recognize(image: Buffer, options?: { pdf?: boolean }): Promise<OcrResult> {
    return (await this.get()).recognize(image, options);
  }

  async orientation(image: Buffer) {
    return (await this.get()).orientation(image);
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}

export function createIngest(vault: Vault, settings: IngestSettings): { queue: IngestQueue; close(): Promise<void> } {
  const ocr = new LazyOcr(settings);
  const queue = new IngestQueue(vault, ocr, settings.limits ?? DEFAULT_LIMITS);
  return {
    queue,
    async close() {
      await queue.stop();
      await ocr.close();
    },
  };
}
