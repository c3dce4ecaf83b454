/**
 * Peak RSS is per process, so each measured ingest runs in a child process;
 * the parent makes the fixture and hands its bytes over stdin, so making it
 * (pdf-lib, sharp) does not count towards the child's peak.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Runs this script again with `args`, `input` on its stdin; returns its stdout. */
export function runChild(script: string, args: string[], input: Buffer, inherit = false): string {
  const out = execFileSync(process.execPath, [...process.execArgv, script, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', inherit ? 'inherit' : 'pipe', 'inherit'],
  });
  return out ?? '';
}

/**
 * This process's peak RSS in MB. On Linux from VmHWM, the high-water mark of
 * this process's own memory: getrusage's maxRSS survives exec, so a child
 * spawned by a large parent would report the parent's peak as its own.
 */
export function peakRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Resident memory of one process in MB (Linux), or undefined once it is gone. */
function rssOf(pid: number | 'self'): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childPids(): number[] {
  try {
    return readdirSync('/proc/self/task').flatMap((tid) =>
      readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * The reader is a process of its own, so this process's peak no longer
 * includes what a file costs to read. Samples this process and its children
 * every 50 ms: the peak of the largest child (a reader) and of all together.
 * Linux only (elsewhere both stay 0).
 */
export function treeRssSampler(): { stop(): { childMb: number; totalMb: number } } {
  let childMb = 0;
  let totalMb = 0;
  const sample = () => {
    const children = childPids().map((pid) => rssOf(pid) ?? 0);
    childMb = Math.max(childMb, ...children, 0);
    totalMb = Math.max(totalMb, (rssOf('self') ?? 0) + children.reduce((a, b) => a + b, 0));
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { childMb, totalMb };
    },
  };
}
