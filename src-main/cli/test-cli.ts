/** For tests: the real CLI in a child process (from sources, through tsx), optionally killed -9 part way. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_PASSPHRASE } from '../vault/test-support.js';

const CLI = join(import.meta.dirname, 'main.ts');

/** Starts the CLI and returns the child, for tests that decide themselves when to kill it; `input` goes to its stdin. */
export function spawnCli(args: string[], env: Record<string, string> = {}, input?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env, LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => undefined); // a child killed before it read its input
  child.stdin.end(input ?? ''); // like /dev/null when there is no input
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const result = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, result };
}

export function runCli(
  args: string[],
  killWhen?: (output: string) => boolean,
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, ...env, LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      if (killWhen?.(output) && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}
