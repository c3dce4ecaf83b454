/**
 * A passphrase checked on an unlocked vault (sync set-up, the emergency kit
 * shown again): a wrong one counts toward the unlock delays, as in a
 * passphrase change, so an unlocked window left alone is no way to guess it
 * (the kit it would reveal holds the Secret Key).
 */
import { isLockleafError, LockleafError } from '../../errors.js';
import type { VaultContext } from '../vault-context.js';
import { unwrapWithPassphrase } from './key-file.js';
import { UnlockThrottle } from './unlock-throttle.js';

export async function checkPassphraseThrottled(ctx: VaultContext, passphrase: string): Promise<void> {
  const throttle = new UnlockThrottle(ctx.paths.throttle);
  await throttle.check();
  try {
    (await unwrapWithPassphrase(ctx.keyFile, passphrase)).fill(0);
  } catch (error) {
    if (isLockleafError(error, 'WRONG_PASSPHRASE'))
      throw new LockleafError('WRONG_PASSPHRASE', error.message, { failures: await throttle.recordFailure() });
    throw error;
  }
  await throttle.reset();
}
