/**
 * The device wrap of the root key, through Electron's safeStorage (Keychain,
 * DPAPI, libsecret/kwallet). On Linux the `basic_text` backend is a hard-coded
 * password, not protection: it is refused and the vault stays passphrase-only.
 */
import { safeStorage } from 'electron';
import type { SecretStore } from '../vault/keys/secret-store.js';

export class SafeStorageStore implements SecretStore {
  isAvailable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    return true;
  }

  async protect(data: Buffer): Promise<Buffer> {
    return safeStorage.encryptString(data.toString('base64'));
  }

  async unprotect(data: Buffer): Promise<Buffer> {
    return Buffer.from(safeStorage.decryptString(data), 'base64');
  }
}
