/**
 * Talks to one reader process (reader-process.ts). Every request has a
 * deadline; when it passes, the reader is killed and the file fails with
 * PROCESSING_TIMEOUT. The reader watches its own memory and ends itself past
 * the file's limit: the file fails with FILE_TOO_COMPLEX.
 */
import { isErrorCode } from '../../../src-shared/errors.js';
import { LockleafError } from '../../errors.js';
import { workerLost } from '../../worker-lost.js';
import { DEFAULT_MAX_MEMORY_BYTES, type AcceptedKind, type IngestLimits } from '../intake.js';
import { log, tooComplex } from './reader-errors.js';
import { forkReader, READER_HEAP_MB, type ReaderProcess, type ReaderSpawner } from './reader-process.js';
import type { PageResult, ReaderRequest, ReaderResponse } from './reader-protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ReaderClient {
  private readonly child: ReaderProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | undefined;
  private memoryLimit = DEFAULT_MAX_MEMORY_BYTES;
  /** Set when this side ended the reader (deadline, close), so its exit is not taken for a crash. */
  private killedBecause: LockleafError | undefined;

  constructor(
    private readonly timeoutMs: number,
    spawn: ReaderSpawner = forkReader,
  ) {
    this.child = spawn();
    this.child.onMessage((res) => this.settle(res));
    this.child.onExit(({ code, signal, outOfMemory }) => {
      if (this.killedBecause) return this.fail(this.killedBecause);
      if (outOfMemory) return this.fail(tooComplex(this.memoryLimit));
      log.debug({ code, signal }, 'reader process ended');
      // V8 aborts a process whose heap passed --max-old-space-size.
      if (signal === 'SIGABRT' || code === 134) return this.fail(tooComplex(READER_HEAP_MB * 1024 ** 2));
      this.fail(new LockleafError('DOCUMENT_DAMAGED', 'Reading the file crashed its reader.'));
    });
  }

  private settle(res: ReaderResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (res.ok) p.resolve(res.value);
    else {
      const code = res.error.code && isErrorCode(res.error.code) ? res.error.code : 'DOCUMENT_DAMAGED';
      const { debug } = res.error;
      if (debug) log.debug({ code, reason: debug }, 'the reader refused a file');
      p.reject(
        new LockleafError(code, res.error.message, res.error.details, debug ? { cause: new Error(debug) } : undefined),
      );
    }
  }

  private fail(error: LockleafError): void {
    // The reader died (crashed, ran out of memory, timed out): the queue tries the file again, a few times.
    const lost = workerLost(error);
    this.dead ??= lost;
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
  }

  private kill(because: LockleafError): void {
    this.killedBecause ??= because;
    this.fail(because);
    void this.child.kill();
  }

  private request<T>(req: DistributiveOmit<ReaderRequest, 'id'>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.kill(
            new LockleafError(
              'PROCESSING_TIMEOUT',
              `Reading the file took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped.`,
            ),
          ),
        this.timeoutMs,
      );
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ ...req, id } as ReaderRequest);
    });
  }

  open(bytes: Buffer, kind: AcceptedKind, limits: IngestLimits, password?: string): Promise<{ pageCount: number }> {
    this.memoryLimit = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
    return this.request({
      op: 'open',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      kind,
      limits,
      ...(password !== undefined ? { password } : {}),
    });
  }

  page(index: number): Promise<PageResult> {
    return this.request({ op: 'page', index });
  }

  thumbnail(index: number): Promise<PageResult> {
    return this.request({ op: 'thumbnail', index });
  }

  /** Checks an image's header against the limits, here rather than in the app's process (intake.ts). */
  async probe(bytes: Buffer, kind: AcceptedKind, limits: IngestLimits): Promise<void> {
    await this.request({
      op: 'probe',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      kind,
      limits,
    });
  }

  /** Forgets the current file so the worker can take the next one. */
  async reset(): Promise<void> {
    await this.request({ op: 'reset' });
  }

  get healthy(): boolean {
    return !this.dead;
  }

  async close(): Promise<void> {
    this.killedBecause ??= new LockleafError('JOB_CANCELLED', 'The reader was closed.');
    this.dead ??= new Error('reader closed');
    await this.child.kill();
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
    private readonly spawn: ReaderSpawner = forkReader,
  ) {}

  async use<T>(work: (reader: ReaderClient) => Promise<T>): Promise<T> {
    const slot = this.idle.pop() ?? { reader: new ReaderClient(this.timeoutMs, this.spawn), files: 0 };
    try {
      return await work(slot.reader);
    } finally {
      slot.files++;
      const keep =
        slot.reader.healthy &&
        slot.files < this.filesPerWorker &&
        (await slot.reader.reset().then(
          () => true,
          () => false,
        ));
      if (keep) this.idle.push(slot);
      else await slot.reader.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((s) => s.reader.close()));
  }
}
