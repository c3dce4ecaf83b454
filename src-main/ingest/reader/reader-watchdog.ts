/**
 * Inside the reader process: a thread that reads the process's resident
 * memory every few milliseconds and, past the file's limit, writes a marker
 * to stderr and kills the process. It is a thread because the reader's own
 * thread can be busy for seconds in one call (pdf.js drawing a page), which
 * is exactly when memory grows. The parent maps the marker to FILE_TOO_COMPLEX.
 */
import { Worker } from 'node:worker_threads';
import { OUT_OF_MEMORY_MARKER } from './reader-process.js';

const WATCH = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let limit = workerData.limit;
parentPort.on('message', (next) => { limit = next; });
setInterval(() => {
  if (process.memoryUsage.rss() <= limit) return;
  writeSync(2, workerData.marker + ' ' + limit + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, workerData.pollMs);
`;

export class ReaderWatchdog {
  private readonly thread: Worker;

  constructor(limitBytes: number, pollMs = 25) {
    this.thread = new Worker(WATCH, {
      eval: true,
      workerData: { limit: limitBytes, marker: OUT_OF_MEMORY_MARKER, pollMs },
    });
    // The watchdog must never keep the reader alive on its own.
    this.thread.unref();
  }

  /** The limit for the file being read (each file's limits name it). */
  set limit(bytes: number) {
    this.thread.postMessage(bytes);
  }
}
