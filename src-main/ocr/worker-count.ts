/**
 * How many OCR workers to run. Each tesseract.js worker holds ~190 MB once it
 * has read a page (its WASM memory only grows), so on a machine with many
 * cores and little free memory one per core would swap or be killed.
 */
import { availableParallelism, freemem } from 'node:os';

/** What one worker holds once it has read a page at 300 DPI (its language models and WASM heap; issue 15). */
export const WORKER_BYTES = 190 * 1024 * 1024;
/** Kept free for everything else (the app, its reader thread, other programs): a quarter of what is free, at least this. */
const MIN_HEADROOM_BYTES = 512 * 1024 * 1024;

/** One worker per core, as many as free memory allows after the headroom, and always at least one. */
export function defaultOcrWorkers(machine: { cores?: number; freeBytes?: number } = {}): number {
  const cores = machine.cores ?? availableParallelism();
  const free = machine.freeBytes ?? freemem();
  const usable = free - Math.max(MIN_HEADROOM_BYTES, free / 4);
  return Math.max(1, Math.min(cores, Math.floor(usable / WORKER_BYTES)));
}

/** `LOCKLEAF_OCR_WORKERS` when it is a whole number of at least 1; anything else is ignored. */
export function ocrWorkersFromEnv(env: Record<string, string | undefined>): number | undefined {
  const value = env.LOCKLEAF_OCR_WORKERS?.trim();
  return value && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;
}

/** The environment variable overrides the setting (null: automatic), which overrides the default. */
export function ocrWorkerCount(
  choice: { env?: number | undefined; setting?: number | null | undefined },
  machine?: { cores?: number; freeBytes?: number },
): number {
  return choice.env ?? choice.setting ?? defaultOcrWorkers(machine);
}
