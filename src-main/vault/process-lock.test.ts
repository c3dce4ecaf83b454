import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from './process-lock.js';
import { tempDir } from './test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('process lock', () => {
  it('refuses a lock held by a live process', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'vault.lock');
    const release = await acquireLock(path);
    await expect(acquireLock(path)).rejects.toMatchObject({ code: 'VAULT_LOCKED_BY_OTHER_PROCESS' });
    await release();
    await (
      await acquireLock(path)
    )();
  });

  it('lets exactly one of several contenders take over a stale lock', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'vault.lock');
    const dead = deadPid();
    // Many rounds: the old take-over (read, rm, create) let a second contender remove the
    // fresh lock of the first and take it too, depending on how the file system calls interleave.
    for (let round = 0; round < 100; round++) {
      await writeFile(path, String(dead));
      const results = await Promise.allSettled([acquireLock(path), acquireLock(path), acquireLock(path)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'VAULT_LOCKED_BY_OTHER_PROCESS' });
      expect(await readFile(path, 'utf8')).toBe(String(process.pid));
      await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
    }
  });
});
