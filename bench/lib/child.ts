/**
 * Peak RSS is per process, so each measured ingest runs in a child process;
 * the parent makes the fixture and hands its bytes over stdin, so making it
 * (pdf-lib, sharp) does not count towards the child's peak.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
