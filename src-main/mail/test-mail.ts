/** Test helpers: a temp vault with a MailService, logs captured at debug level. */
import { Writable } from 'node:stream';
import { isLockleafError, type LockleafError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { tempVault } from '../vault/test-support.js';
import { MailService } from './mail-service.js';
import { DEFAULT_PROVIDERS, type MailProviders } from './oauth/providers.js';
import type { Backoff } from './outbox.js';

export const FAST_BACKOFF: Backoff = { baseMs: 50, maxMs: 400, maxAttempts: 4 };

export async function tempMail(options: { providers?: MailProviders; backoff?: Backoff } = {}) {
  const t = await tempVault();
  const logs: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const mail = new MailService(t.vault, {
    providers: options.providers ?? DEFAULT_PROVIDERS,
    log,
    backoff: options.backoff ?? FAST_BACKOFF,
  });
  return {
    ...t,
    mail,
    logs,
    log,
    cleanup: async () => {
      await mail.outbox.stop();
      await t.cleanup();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The named error a promise rejects with (anything else, or no failure at all, fails the test). */
export async function failure(promise: Promise<unknown>): Promise<LockleafError> {
  try {
    await promise;
  } catch (error) {
    if (isLockleafError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
