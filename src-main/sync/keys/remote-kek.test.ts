import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey, newKdfParams, TEST_KDF } from '../../crypto/kdf.js';
import { deriveRemoteKek, secretKeyCheck } from './remote-kek.js';
import { newSecretKey } from './secret-key.js';

const vaultId = randomUUID();
const kdf = newKdfParams(TEST_KDF);
const secretKey = newSecretKey();
const passphrase = 'correct horse battery staple';

describe('deriveRemoteKek (two-secret key derivation)', () => {
  it('gives the same 32-byte key for the same inputs', async () => {
    const a = await deriveRemoteKek({ passphrase, secretKey, kdf, vaultId });
    const b = await deriveRemoteKek({ passphrase, secretKey: Buffer.from(secretKey), kdf: { ...kdf }, vaultId });
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(true);
    // The vault id is read case-insensitively (the envelope header gives it back in lower case).
    expect((await deriveRemoteKek({ passphrase, secretKey, kdf, vaultId: vaultId.toUpperCase() })).equals(a)).toBe(
      true,
    );
  });

  it('changes with the Secret Key, the passphrase, the salt and the vault', async () => {
    const base = await deriveRemoteKek({ passphrase, secretKey, kdf, vaultId });
    const others = await Promise.all([
      deriveRemoteKek({ passphrase, secretKey: newSecretKey(), kdf, vaultId }),
      deriveRemoteKek({ passphrase: `${passphrase}!`, secretKey, kdf, vaultId }),
      deriveRemoteKek({ passphrase, secretKey, kdf: newKdfParams(TEST_KDF), vaultId }),
      deriveRemoteKek({ passphrase, secretKey, kdf, vaultId: randomUUID() }),
    ]);
    for (const other of others) expect(other.equals(base)).toBe(false);
  });

  it('is neither half alone: not the passphrase key, and not the same when only the Secret Key is zero', async () => {
    const kek = await deriveRemoteKek({ passphrase, secretKey, kdf, vaultId });
    const passphraseOnly = await deriveKey(passphrase, kdf);
    expect(kek.equals(passphraseOnly)).toBe(false);
    const zeroSecret = await deriveRemoteKek({ passphrase, secretKey: Buffer.alloc(16), kdf, vaultId });
    expect(kek.equals(zeroSecret)).toBe(false);
  });

  it('refuses a Secret Key of the wrong size', async () => {
    await expect(deriveRemoteKek({ passphrase, secretKey: Buffer.alloc(15), kdf, vaultId })).rejects.toThrow(
      /16 bytes/,
    );
  });

  it('has a Secret Key check that differs per key and per vault', () => {
    const check = secretKeyCheck(secretKey, vaultId);
    expect(check).toHaveLength(16);
    expect(secretKeyCheck(secretKey, vaultId).equals(check)).toBe(true);
    expect(secretKeyCheck(newSecretKey(), vaultId).equals(check)).toBe(false);
    expect(secretKeyCheck(secretKey, randomUUID()).equals(check)).toBe(false);
  });
});
