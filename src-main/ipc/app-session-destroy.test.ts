import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DESTROY_PHRASE } from '../../src-shared/destroy.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { destroyVault } from '../vault/destroy.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function session() {
  const t = await tempDir();
  const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
  cleanup = async () => {
    await s.lock();
    await t.cleanup();
  };
  return { s, handlers: createHandlers(s), dataDir: t.dir };
}

describe('vault:destroy', () => {
  it('needs the typed phrase and the passphrase; an unlocked window alone deletes nothing', async () => {
    const { s, handlers } = await session();
    await s.create(TEST_PASSPHRASE);
    expect(await dispatch(handlers, 'vault:destroy', { confirmation: DESTROY_PHRASE })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await dispatch(handlers, 'vault:destroy', { confirmation: 'delete', passphrase: TEST_PASSPHRASE }),
    ).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_MISMATCH' } });
    expect(
      await dispatch(handlers, 'vault:destroy', { confirmation: DESTROY_PHRASE, passphrase: 'wrong passphrase' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', details: { failures: 1 } },
    });
    expect(s.status()).toEqual({ exists: true, unlocked: true });
    expect(await s.vault.list()).toEqual([]);
  });

  it('deletes the open vault, tells the window it is locked, and a new one can be created', async () => {
    const { s, handlers, dataDir } = await session();
    await s.create(TEST_PASSPHRASE);
    await s.vault.add({ bytes: Buffer.from('payslip'), name: 'payslip.pdf' });
    const locked: unknown[] = [];
    s.on('vault:locked', (e) => locked.push(e));
    expect(
      await dispatch(handlers, 'vault:destroy', { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE }),
    ).toEqual({ ok: true, value: { vault: expect.any(String), leftovers: [] } });
    expect(locked).toEqual([{ reason: 'user' }]);
    expect(s.status()).toEqual({ exists: false, unlocked: false });
    expect(await readdir(dataDir)).not.toContain('vault');
    await s.create('a new passphrase');
    expect(s.status()).toEqual({ exists: true, unlocked: true });
  });

  it('a lock asked for during the delete (the screen locks right after Delete) waits for it', async () => {
    const { s, dataDir } = await session();
    await s.create(TEST_PASSPHRASE);
    const locked: unknown[] = [];
    s.on('vault:locked', (e) => locked.push(e));
    // The lock starts while the passphrase is checked (Argon2id): before, it closed the vault under
    // the delete, which then failed with "Database handle is closed" and released the lock file twice.
    const [report] = await Promise.all([s.destroy(TEST_PASSPHRASE, DESTROY_PHRASE), s.lock('suspend')]);
    expect(report.leftovers).toEqual([]);
    expect(locked).toEqual([{ reason: 'user' }]);
    expect(await readdir(dataDir)).not.toContain('vault');
  });

  it.each(['marked', 'key'] as const)(
    'finishes a delete cut short after its %s step before creating a vault in its place',
    async (at) => {
      const { s, dataDir } = await session();
      await s.create(TEST_PASSPHRASE);
      await s.lock();
      const vaultDir = join(dataDir, 'vault');
      await expect(
        destroyVault(
          vaultDir,
          { confirmation: DESTROY_PHRASE, passphrase: TEST_PASSPHRASE },
          {
            afterStep: (step) => {
              if (step === at) throw new Error('crash');
            },
          },
        ),
      ).rejects.toThrow('crash');
      // Cut short before the key went too: the window offers to create a vault, not to unlock one that is going.
      expect(s.status()).toEqual({ exists: false, unlocked: false });
      await expect(s.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DESTROYED' });
      // Before, the window offered to create a vault and then refused: the folder was not empty.
      await s.create('a new passphrase');
      expect(s.status()).toEqual({ exists: true, unlocked: true });
      expect(await readdir(vaultDir)).not.toContain('vault.destroying');
    },
  );
});
