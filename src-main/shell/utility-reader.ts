/**
 * The reader process in the packaged app: Electron's utilityProcess, since the
 * RunAsNode fuse is off and `child_process.fork` would need it. Same protocol
 * as the Node child (reader-process.ts); the reader talks through
 * `process.parentPort` there.
 */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import { READER_HEAP_MB, readerEnv, watchStderr, type ReaderSpawner } from '../ingest/reader/reader-process.js';
import type { ReaderResponse } from '../ingest/reader/reader-protocol.js';

export const utilityReader: ReaderSpawner = () => {
  const child = utilityProcess.fork(join(import.meta.dirname, 'reader-main.js'), [], {
    serviceName: 'Lockleaf reader',
    env: readerEnv(),
    execArgv: [`--max-old-space-size=${READER_HEAP_MB}`],
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let outOfMemory = false;
  let exited = false;
  watchStderr(child.stderr, () => (outOfMemory = true));
  const done = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', (m: unknown) => listener(m as ReaderResponse)),
    // utilityProcess gives an exit code only; the watchdog's marker says when memory ended it.
    onExit: (listener) => void done.then(() => listener({ code: null, signal: null, outOfMemory })),
    kill: async () => {
      if (!exited) child.kill();
      await done;
    },
  };
};
