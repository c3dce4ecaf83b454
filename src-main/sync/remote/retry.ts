/**
 * Retries with capped exponential backoff and full jitter (so many devices
 * hitting one bucket do not retry in step), honouring Retry-After up to a cap
 * (a server asking for an hour should not freeze sync for an hour).
 */
import type { Logger } from '../../log/logger.js';
import { describeFailure, type FailureInfo } from './remote-errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; longer requests wait this long. */
  maxRetryAfterMs: number;
  /** Replaceable so tests can see the delays chosen (they still wait). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  sleep: abortableSleep,
  random: Math.random,
};

export function backoffDelay(policy: RetryPolicy, attempt: number, info: FailureInfo): number {
  if (info.retryAfterMs !== undefined) return Math.min(info.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(policy.random() * ceiling);
}

export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly info: FailureInfo,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`gave up after ${attempts} attempt(s): ${info.code}`, { cause });
  }
}

/**
 * Runs `attempt` until it succeeds, fails with something retrying cannot fix,
 * or attempts run out; the last two throw RetriesExhausted with what failed
 * (the caller names it). `label` goes to the debug log: never a secret.
 */
export async function withRetry<T>(
  label: string,
  policy: RetryPolicy,
  logger: Logger,
  attempt: (n: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const info = describeFailure(error);
      if (!info.retryable || n >= policy.maxAttempts) throw new RetriesExhausted(info, n, error);
      const delay = backoffDelay(policy, n, info);
      logger.debug(
        { op: label, attempt: n, status: info.status, code: info.code, delayMs: delay },
        'remote request failed; retrying',
      );
      await policy.sleep(delay, signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
