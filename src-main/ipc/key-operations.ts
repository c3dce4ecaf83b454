/**
 * One operation on the vault's keys at a time, in the window: a rotation,
 * a passphrase change, adopting the synced passphrase, destroying the vault.
 * Why: a full rotation wraps its new root key under the passphrase it was
 * given when it started, so a passphrase changed meanwhile would be silently
 * undone when it commits (and sync's keys would be rewrapped to a passphrase
 * the local vault no longer takes). The second operation is refused, never
 * queued: the user sees why and tries again when the first is done.
 */
import { LockleafError } from '../errors.js';

export type KeyOperation = 'rotation' | 'passphrase' | 'destroy';

export class KeyOperations {
  private running: KeyOperation | undefined;

  async run<T>(what: KeyOperation, work: () => Promise<T>): Promise<T> {
    if (this.running)
      throw new LockleafError(
        'KEYS_BUSY',
        this.running === 'rotation'
          ? 'The keys are being rotated. Try again when that is done.'
          : 'Another change to the vault’s keys is under way. Try again when it is done.',
      );
    this.running = what;
    try {
      return await work();
    } finally {
      this.running = undefined;
    }
  }
}
