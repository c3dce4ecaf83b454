/**
 * Port for a device-bound secret store (Electron's safeStorage in the app).
 * The root key may additionally be wrapped by it so a person can unlock on
 * this device without typing the passphrase.
 */
import { randomKey, seal, open } from '../../crypto/aead.js';

export interface SecretStore {
  /** False when the platform has no real protection (e.g. Linux `basic_text`). */
  isAvailable(): boolean;
  protect(data: Buffer): Promise<Buffer>;
  unprotect(data: Buffer): Promise<Buffer>;
}

/** For tests and the CLI: protection that lasts as long as this process. */
export class MemorySecretStore implements SecretStore {
  private readonly key = randomKey();
  isAvailable(): boolean {
    return true;
  }
  async protect(data: Buffer): Promise<Buffer> {
    return seal(this.key, data, 'memory-secret-store');
  }
  async unprotect(data: Buffer): Promise<Buffer> {
    return open(this.key, data, 'memory-secret-store');
  }
}
