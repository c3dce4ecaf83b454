/**
 * Changing the passphrase: the current one is checked (and counts toward the
 * unlock delays when wrong, so an unlocked window left alone is no way to
 * guess it), then the root key is re-wrapped; nothing else is re-encrypted.
 */
import type { KdfCost } from '../../crypto/kdf.js';
import { LockleafError } from '../../errors.js';
import type { VaultContext } from '../vault-context.js';
import { checkPassphraseThrottled } from './check-passphrase.js';
import { rewrapPassphrase } from './key-file.js';

export async function changePassphrase(
  ctx: VaultContext,
  current: string,
  next: string,
  cost?: KdfCost,
): Promise<void> {
  if (next.length < 8) throw new LockleafError('WEAK_PASSPHRASE', 'Use a passphrase of at least 8 characters.');
  await checkPassphraseThrottled(ctx, current);
  await ctx.updateKeyFile((file) => rewrapPassphrase(file, ctx.root, next, cost));
  await ctx.audit('vault.passphrase_changed');
}

/**
 * Sync: the passphrase was changed on another device, and `next` has just
 * opened the vault's keys in the bucket (with the Secret Key this device
 * keeps). That proves it is the vault's passphrase now, so this device takes
 * it without asking for its old one (which may be forgotten by then).
 */
export async function adoptPassphrase(ctx: VaultContext, next: string, cost?: KdfCost): Promise<void> {
  await ctx.updateKeyFile((file) => rewrapPassphrase(file, ctx.root, next, cost));
  await ctx.audit('vault.passphrase_changed', { from: 'another device' });
}
