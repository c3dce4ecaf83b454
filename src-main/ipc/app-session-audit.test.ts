import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await cleanup?.();
});

describe('app session audit retention', () => {
  it('prunes audit entries older than a year at unlock, behind a checkpoint that verifies', async () => {
    const t = await tempDir();
    const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await s.lock();
      await t.cleanup();
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-03-01T10:00:00.000Z'));
    await s.create(TEST_PASSPHRASE); // entry 1: vault.created
    await s.lock();
    vi.setSystemTime(new Date('2024-09-01T10:00:00.000Z'));
    await s.unlock(TEST_PASSPHRASE); // entry 2
    await s.lock();
    vi.setSystemTime(new Date('2025-06-01T10:00:00.000Z'));
    await s.unlock(TEST_PASSPHRASE); // entry 3; entry 1 is now more than a year old
    const rows = () =>
      s.vault.context.db.read.all<{ seq: number; action: string }>('SELECT seq, action FROM audit_log ORDER BY seq');
    await vi.waitFor(async () => expect((await rows())[0]).toEqual({ seq: 1, action: 'audit.checkpoint' }));
    expect((await rows()).map((r) => r.action)).toEqual(['audit.checkpoint', 'vault.unlocked', 'vault.unlocked']);
    expect(await s.vault.verifyAudit()).toEqual({ ok: true, entries: 3, pruned: 1 });
  });
});
