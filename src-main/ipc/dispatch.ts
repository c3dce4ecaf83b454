/**
 * The one door into the handlers, for Electron's ipcMain and the test host
 * alike: the channel must be known and the payload valid before a handler
 * runs; expected failures come back as data; bugs are thrown.
 */
import { channelSchemas, type Channel } from '../../src-shared/bridge/schemas.js';
import type { Result } from '../../src-shared/errors.js';
import { LockleafError, isLockleafError } from '../errors.js';
import type { Handlers } from './handlers.js';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channelSchemas, value);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new LockleafError('INVALID_INPUT', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`);
    const parsed = channelSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LockleafError('INVALID_INPUT', `Invalid ${channel} request: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}.`);
    }
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: (await handler(parsed.data)) ?? null };
  } catch (error) {
    if (isLockleafError(error)) return { ok: false, error: error.toData() };
    throw error;
  }
}
