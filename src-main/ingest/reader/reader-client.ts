/**
 * Talks to one reader worker thread. Every request has a deadline; when it
 * passes, the worker is terminated and the file fails with PROCESSING_TIMEOUT.
 * While a request runs, a watchdog reads the process's memory; past the file's
 * limit the worker is terminated and the file fails with FILE_TOO_COMPLEX.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { isErrorCode } from '../../../src-shared/errors.js';
import { LockleafError } from '../../errors.js';
import { workerLost } from '../../worker-lost.js';
import { DEFAULT_MAX_MEMORY_BYTES, type AcceptedKind, type IngestLimits } from '../intake.js';
import { fileCeiling, MemoryWatchdog } from './memory-watchdog.js';
import { log, tooComplex } from './reader-errors.js';
import type { PageResult, ReaderRequest, ReaderResponse } from './reader-protocol.js';
// Before the worker starts: how it decodes depends on settings only this thread can make.
import './vips-settings.js';

/**
 * The JavaScript heap a reader may use (pdf.js's parsed pages and fonts); V8 stops the
 * worker past it. Decoded pixels live outside this heap: the memory watchdog bounds those.
 */
const READER_HEAP_MB = 768;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// Running from TypeScript sources (tests, tsx) the worker needs the same loader,
// which Node 20 will not take through `execArgv`: a tiny bootstrap registers it.
const fromSource = import.meta.url.endsWith('.ts');

function spawnWorker(name: string, options: WorkerOptions): Worker {
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, options);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

export class ReaderClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | undefined;
  private memoryCeiling = DEFAULT_MAX_MEMORY_BYTES;
  private readonly watchdog = new MemoryWatchdog((limit) => {
    this.fail(tooComplex(limit));
    void this.worker.terminate();
  });

  constructor(private readonly timeoutMs: number) {
    this.worker = spawnWorker('reader-worker', { resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } });
    this.worker.on('message', (res: ReaderResponse) => this.settle(res));
    this.worker.on('error', (error) => {
      log.debug({ reason: error.message }, 'reader thread failed');
      const outOfMemory = (error as Error & { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(outOfMemory ? tooComplex(READER_HEAP_MB * 1024 ** 2) : new LockleafError('DOCUMENT_DAMAGED', 'Reading the file crashed its reader.', undefined, { cause: error }));
    });
    this.worker.on('exit', (code) => this.fail(new LockleafError('DOCUMENT_DAMAGED', `The reader stopped unexpectedly (exit ${code}).`)));
  }

  /** The watchdog runs while a request is pending. */
  private stopWatching(): void {
    if (this.pending.size === 0) this.watchdog.stop();
  }

  private settle(res: ReaderResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    this.stopWatching();
    if (res.ok) p.resolve(res.value);
    else {
      const code = res.error.code && isErrorCode(res.error.code) ? res.error.code : 'DOCUMENT_DAMAGED';
      const { debug } = res.error;
      if (debug) log.debug({ code, reason: debug }, 'the reader refused a file');
      p.reject(new LockleafError(code, res.error.message, res.error.details, debug ? { cause: new Error(debug) } : undefined));
    }
  }

  private fail(error: LockleafError): void {
    // The worker died (crashed, ran out of memory, timed out): the queue tries the file again, a few times.
    const lost = workerLost(error);
    this.dead ??= lost;
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
    this.stopWatching();
  }

  private request<T>(req: DistributiveOmit<ReaderRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new LockleafError('PROCESSING_TIMEOUT', `Reading the file took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped.`));
        void this.worker.terminate();
      }, this.timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      if (!this.watchdog.running) this.watchdog.start(this.memoryCeiling);
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  open(bytes: Buffer, kind: AcceptedKind, limits: IngestLimits): Promise<{ pageCount: number }> {
    this.memoryCeiling = fileCeiling(limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES, process.memoryUsage.rss());
    // A copy is transferred, so the caller's buffer stays usable.
    const copy = new Uint8Array(bytes);
    return this.request({ op: 'open', bytes: copy, kind, limits }, [copy.buffer]);
  }

  page(index: number): Promise<PageResult> {
    return this.request({ op: 'page', index });
  }

  thumbnail(index: number): Promise<PageResult> {
    return this.request({ op: 'thumbnail', index });
  }

  /** Forgets the current file so the worker can take the next one. */
  async reset(): Promise<void> {
    await this.request({ op: 'reset' });
  }

  get healthy(): boolean {
    return !this.dead;
  }

  async close(): Promise<void> {
    this.dead ??= new Error('reader closed');
    await this.worker.terminate();
  }
}

/**
 * Reader workers kept between files (starting one costs more than reading a
 * small file). A worker that timed out or crashed is replaced; each is also
 * replaced after a number of files, so nothing a parser leaks can pile up.
 */
export class ReaderPool {
  private readonly idle: { reader: ReaderClient; files: number }[] = [];

  constructor(
    private readonly timeoutMs: number,
    private readonly filesPerWorker = 50,
  ) {}

  async use<T>(work: (reader: ReaderClient) => Promise<T>): Promise<T> {
    const slot = this.idle.pop() ?? { reader: new ReaderClient(this.timeoutMs), files: 0 };
    try {
      return await work(slot.reader);
    } finally {
      slot.files++;
      const keep = slot.reader.healthy && slot.files < this.filesPerWorker && (await slot.reader.reset().then(() => true, () => false));
      if (keep) this.idle.push(slot);
      else await slot.reader.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((s) => s.reader.close()));
  }
}
