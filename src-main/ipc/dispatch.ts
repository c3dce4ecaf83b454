/**
 * The one door into the handlers, for Electron's ipcMain and the test host
 * alike: the channel must be known and the payload valid before a handler
 * runs; expected failures come back as data; bugs are thrown.
 */
import { channelSchemas, type Channel } from '../../src-shared/bridge/schemas.js';
import type { Result } from '../../src-shared/errors.js';
import { LockleafError, isLockleafError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Handlers } from './handlers.js';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channelSchemas, value);
}

/** Logs the channel, the outcome and the time taken; never the payload or the result (they may hold passphrases or documents). */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  log: Logger = silentLogger,
): Promise<Result<unknown>> {
  const started = performance.now();
  const done = (outcome: Record<string, unknown>) =>
    log.debug(
      { channel: isChannel(channel) ? channel : 'unknown', ms: Math.round(performance.now() - started), ...outcome },
      'bridge call',
    );
  try {
    if (!isChannel(channel))
      throw new LockleafError('INVALID_INPUT', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`);
    const parsed = channelSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LockleafError(
        'INVALID_INPUT',
        `Invalid ${channel} request: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    const value = (await handler(parsed.data)) ?? null;
    done({ ok: true });
    return { ok: true, value };
  } catch (error) {
    if (isLockleafError(error)) {
      done({ ok: false, code: error.code });
      return { ok: false, error: error.toData() };
    }
    log.error({ err: error, channel: isChannel(channel) ? channel : 'unknown' }, 'bridge handler failed');
    throw error;
  }
}
