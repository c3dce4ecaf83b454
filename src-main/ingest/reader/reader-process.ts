/**
 * The reader runs in a process of its own, not a thread of the app: a parser
 * that crashes natively (pdf.js's canvas, libvips, libheif) takes only it
 * down, and the memory a file costs is that process's memory, measured alone
 * (a thread's would be mixed with the OCR workers' in the app's). In plain
 * Node (the CLI, tests) it is a `child_process.fork`; the Electron shell
 * passes a spawner built on `utilityProcess` instead (RunAsNode is fused off).
 */
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ReaderRequest, ReaderResponse } from './reader-protocol.js';

/** What the reader's memory watchdog writes to stderr, from its own thread, just before it ends the process. */
export const OUT_OF_MEMORY_MARKER = 'LOCKLEAF_READER_OUT_OF_MEMORY';

/** The JavaScript heap a reader may use (pdf.js's parsed pages and fonts). */
export const READER_HEAP_MB = 768;

export interface ReaderProcess {
  send(message: ReaderRequest): void;
  onMessage(listener: (message: ReaderResponse) => void): void;
  /** The process ended; `outOfMemory` when its watchdog ended it. */
  onExit(listener: (outcome: { code: number | null; signal: string | null; outOfMemory: boolean }) => void): void;
  kill(): Promise<void>;
}

export type ReaderSpawner = () => ReaderProcess;

/** What the reader may see of the environment: enough to run, and never a secret (LOCKLEAF_PASSPHRASE, tokens). */
const ENV_ALLOWED = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'SystemRoot',
  'TEMP',
  'TMP',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'FONTCONFIG_PATH',
  'FONTCONFIG_FILE',
  'LOCKLEAF_LOG',
];

/**
 * The reader parses untrusted files: were a parser exploited, it must find no
 * passphrase in its environment (the CLI takes one from LOCKLEAF_PASSPHRASE).
 */
export function readerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(ENV_ALLOWED.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}

/** Relays the reader's stderr (its debug lines) and notes the watchdog's marker. */
export function watchStderr(stderr: NodeJS.ReadableStream | null | undefined, onMarker: () => void): void {
  if (!stderr) return;
  createInterface({ input: stderr }).on('line', (line) => {
    if (line.includes(OUT_OF_MEMORY_MARKER)) onMarker();
    else process.stderr.write(`${line}\n`);
  });
}

const fromSource = import.meta.url.endsWith('.ts');

/** The reader as a Node child process (the CLI, tests, benchmarks). */
export const forkReader: ReaderSpawner = () => {
  const entry = new URL(`./reader-main.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const child = fork(entry, [], {
    // Structured clone: page pixels travel as bytes, not as JSON arrays.
    serialization: 'advanced',
    // From sources (tests, tsx) the loader would write its cache into TMPDIR.
    env: { ...readerEnv(), ...(fromSource ? { TSX_DISABLE_CACHE: '1' } : {}) },
    execArgv: [...(fromSource ? ['--import', 'tsx'] : []), `--max-old-space-size=${READER_HEAP_MB}`],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let outOfMemory = false;
  watchStderr(child.stderr, () => (outOfMemory = true));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    send: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', (m) => listener(m as ReaderResponse)),
    // After 'close', stderr is drained: a marker written just before the end has been seen.
    onExit: (listener) => void child.once('close', (code, signal) => listener({ code, signal, outOfMemory })),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};
