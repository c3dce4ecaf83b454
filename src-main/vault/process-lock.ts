/**
 * One process at a time per vault (the desktop app, or one CLI command): a
 * lock file holding the owner's pid. A lock left by a process that died is
 * taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { LockleafError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new LockleafError('VAULT_LOCKED_BY_OTHER_PROCESS', `The vault is in use by another Lockleaf process (pid ${pid}).`, { pid });
      }
      await rm(path, { force: true });
    }
  }
  throw new LockleafError('VAULT_LOCKED_BY_OTHER_PROCESS', 'The vault lock could not be taken.');
}
