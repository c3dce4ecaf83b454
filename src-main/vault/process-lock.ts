/**
 * One process at a time per vault (the desktop app, or one CLI command): a
 * lock file holding the owner's pid, created exclusively. A lock left by a
 * process that died is taken over, but only under a second exclusive file
 * (`<lock>.takeover`), and only after reading the dead pid again there: two
 * processes finding the same stale lock can then never both remove it, nor
 * one remove the fresh lock the other just made.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { LockleafError } from '../errors.js';

/** A takeover file older than this was left by a process that died while taking over. */
const STALE_TAKEOVER_MS = 30_000;
/** A lock file with no pid in it yet, younger than this, is being created, not stale. */
const FRESH_LOCK_MS = 2_000;
const ATTEMPTS = 150;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function create(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

const ownerOf = async (path: string) => Number((await readFile(path, 'utf8').catch(() => '')).trim());

function inUse(pid: number): LockleafError {
  return new LockleafError(
    'VAULT_LOCKED_BY_OTHER_PROCESS',
    `The vault is in use by another Lockleaf process (pid ${pid}).`,
    { pid },
  );
}

/** Removes the lock if it still names a dead process; only ever called holding the takeover file. */
async function takeOver(path: string): Promise<void> {
  const takeover = `${path}.takeover`;
  if (!(await create(takeover, String(process.pid)))) {
    const age = Date.now() - ((await stat(takeover).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > STALE_TAKEOVER_MS) await rm(takeover, { force: true });
    return; // someone else is taking over: look again
  }
  try {
    const pid = await ownerOf(path);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) return;
    // No pid yet may be a lock being written this instant; only an old one was left by a crash.
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0);
    if (!(pid > 0) && age < FRESH_LOCK_MS) return;
    await rm(path, { force: true });
  } finally {
    await rm(takeover, { force: true });
  }
}

/** Releases once, and only a lock that still names this process (never one another process took since). */
function releaser(path: string): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if ((await ownerOf(path)) === process.pid) await rm(path, { force: true });
  };
}

export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await create(path, String(process.pid))) return releaser(path);
    const pid = await ownerOf(path);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw inUse(pid);
    await takeOver(path);
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20));
  }
  throw new LockleafError('VAULT_LOCKED_BY_OTHER_PROCESS', 'The vault lock could not be taken; try again.');
}
