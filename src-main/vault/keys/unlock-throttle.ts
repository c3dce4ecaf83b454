/**
 * Growing delays after wrong passphrases, kept in a file beside the vault so
 * they survive a restart. This slows a person guessing at the keyboard; the
 * real defence against offline guessing is Argon2id.
 */
import { readFile, rm } from 'node:fs/promises';
import { LockleafError } from '../../errors.js';
import { atomicWriteFile } from '../../fs/atomic-write.js';

interface ThrottleState {
  failures: number;
  lastFailureAt: number;
}

const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 5 * 60_000;

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

/** Failures being recorded, per throttle file (a process can hold several UnlockThrottle objects for one vault). */
const recording = new Map<string, Promise<unknown>>();

export class UnlockThrottle {
  constructor(
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async state(): Promise<ThrottleState> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as Partial<ThrottleState>;
      if (typeof parsed.failures === 'number' && typeof parsed.lastFailureAt === 'number') {
        return { failures: parsed.failures, lastFailureAt: parsed.lastFailureAt };
      }
    } catch {
      // Missing or unreadable: start counting afresh, but never below zero delay.
    }
    return { failures: 0, lastFailureAt: 0 };
  }

  /** Throws UNLOCK_THROTTLED while the delay from earlier failures runs. */
  async check(): Promise<void> {
    const { failures, lastFailureAt } = await this.state();
    const wait = lastFailureAt + delayAfter(failures) - this.now();
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new LockleafError(
        'UNLOCK_THROTTLED',
        `Too many wrong passphrases. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        { retryAfterMs: wait, failures },
      );
    }
  }

  /** One count at a time per file: two wrong attempts at once (a double-click) must count twice. */
  recordFailure(): Promise<number> {
    const record = async () => {
      const state = await this.state();
      const next = { failures: state.failures + 1, lastFailureAt: this.now() };
      await atomicWriteFile(this.path, JSON.stringify(next));
      return next.failures;
    };
    const queued = (recording.get(this.path) ?? Promise.resolve()).then(record, record);
    recording.set(
      this.path,
      queued.catch(() => undefined),
    );
    return queued;
  }

  async reset(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
