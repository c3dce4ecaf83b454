/**
 * Peak RSS is per process, so each measured ingest runs in a child process;
 * the parent makes the fixture and hands its bytes over stdin, so making it
 * (pdf-lib, sharp) does not count towards the child's peak.
 */
import { execFileSync } from 'node:child_process';

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
