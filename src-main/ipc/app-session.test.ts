import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { IngestQueue } from '../ingest/ingest-queue.js';
import { ocrWorkersFromEnv } from '../ocr/worker-count.js';
import { openVault } from '../vault/open-vault.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function session(extra: Partial<ConstructorParameters<typeof AppSession>[0]> = {}) {
  const t = await tempDir();
  const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ...extra });
  cleanup = async () => {
    await s.lock();
    await t.cleanup();
  };
  return { s, dir: t.dir };
}

describe('app session', () => {
  it('closes the vault again when opening it fails half-way, so unlocking can be tried again', async () => {
    const { s } = await session();
    await s.create(TEST_PASSPHRASE);
    await s.lock();
    // A fault injected after the vault has opened (starting the ingest queue).
    const start = vi.spyOn(IngestQueue.prototype, 'start').mockImplementationOnce(() => {
      throw new Error('injected fault');
    });
    await expect(s.unlock(TEST_PASSPHRASE)).rejects.toThrow('injected fault');
    start.mockRestore();
    expect(s.status().unlocked).toBe(false);
    // Not "in use by another Lockleaf process": the failed attempt let go of the vault.
    await s.unlock(TEST_PASSPHRASE);
    expect(s.status().unlocked).toBe(true);
  });

  it('takes a double-clicked unlock or create as one', async () => {
    const { s } = await session();
    const creates = await Promise.allSettled([s.create(TEST_PASSPHRASE), s.create(TEST_PASSPHRASE)]);
    expect(creates.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((creates[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'VAULT_EXISTS' });
    await s.lock();
    const unlocked: unknown[] = [];
    s.on('vault:unlocked', (e) => unlocked.push(e));
    await Promise.all([s.unlock(TEST_PASSPHRASE), s.unlock(TEST_PASSPHRASE)]);
    expect(s.status().unlocked).toBe(true);
    expect(unlocked).toHaveLength(1);
  });

  it('locks a vault that was still opening when the lock was asked for', async () => {
    const { s } = await session();
    await s.create(TEST_PASSPHRASE);
    await s.lock();
    const locked: unknown[] = [];
    s.on('vault:locked', (e) => locked.push(e));
    await Promise.all([s.unlock(TEST_PASSPHRASE), s.lock('suspend')]);
    expect(s.status().unlocked).toBe(false);
    expect(locked).toEqual([{ reason: 'suspend' }]);
  });

  it('opens a vault whose stored preferences are damaged, with the defaults', async () => {
    const { s } = await session();
    await s.create(TEST_PASSPHRASE);
    await s.lock();
    const vault = await openVault(s.vaultDir, { passphrase: TEST_PASSPHRASE });
    await vault.context.db.write((tx) =>
      tx.run(
        "INSERT INTO meta (key, value) VALUES ('ocr_languages', '[eng') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
    );
    await vault.close();
    await s.unlock(TEST_PASSPHRASE);
    expect(s.openSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps preferences in the vault across lock and unlock, and refuses bad values', async () => {
    const { s } = await session();
    await s.create(TEST_PASSPHRASE);
    expect(s.openSettings()).toEqual(DEFAULT_SETTINGS);
    await s.updateSettings({
      autoLockMinutes: 5,
      ocrLanguages: ['deu'],
      trashRetentionDays: 7,
      trayShowTitles: false,
      ocrWorkers: 2,
      reminderDays: 3,
    });
    await s.lock();
    expect(() => s.openSettings()).toThrow(/locked/);
    expect(s.settings).toEqual(DEFAULT_SETTINGS);
    await s.unlock(TEST_PASSPHRASE);
    expect(s.openSettings()).toEqual({
      autoLockMinutes: 5,
      ocrLanguages: ['deu'],
      trashRetentionDays: 7,
      trayShowTitles: false,
      ocrWorkers: 2,
      reminderDays: 3,
    });
  });

  /** What free memory allows moves from one moment to the next; the count itself is tested in worker-count.test.ts. */
  const expectAutomatic = (size: number) =>
    expect(size).toSatisfy((n: number) => n >= 1 && n <= availableParallelism());

  it('runs as many OCR workers as Preferences say (automatic by default), unless LOCKLEAF_OCR_WORKERS says otherwise', async () => {
    const { s, dir } = await session();
    await s.create(TEST_PASSPHRASE);
    expectAutomatic(s.ingest.ocr.size);
    await s.updateSettings({ ocrWorkers: 3 });
    expect(s.ingest.ocr.size).toBe(3);
    await s.lock();
    await s.unlock(TEST_PASSPHRASE);
    expect(s.ingest.ocr.size).toBe(3);
    await s.updateSettings({ ocrWorkers: null });
    expectAutomatic(s.ingest.ocr.size);
    await s.updateSettings({ ocrWorkers: 3 });
    await s.lock();

    // The shell passes the environment variable as `ocrWorkers`: it wins over the setting.
    const fromEnv = new AppSession({
      dataDir: dir,
      kdfCost: TEST_KDF,
      ocrWorkers: ocrWorkersFromEnv({ LOCKLEAF_OCR_WORKERS: '1' }),
    });
    try {
      await fromEnv.unlock(TEST_PASSPHRASE);
      expect(fromEnv.ingest.ocr.size).toBe(1);
      await fromEnv.updateSettings({ ocrWorkers: 2 });
      expect(fromEnv.ingest.ocr.size).toBe(1);
    } finally {
      await fromEnv.lock();
    }
  });

  it('purges trash older than the retention period when the vault opens', async () => {
    const { s } = await session();
    await s.create(TEST_PASSPHRASE);
    const old = await s.vault.add({ bytes: Buffer.from('old'), name: 'old.txt' });
    const recent = await s.vault.add({ bytes: Buffer.from('recent'), name: 'recent.txt' });
    await s.vault.trash(old.id);
    await s.vault.trash(recent.id);
    await s.vault.context.db.write((tx) =>
      tx.run("UPDATE documents SET deleted_at = '2020-01-01T00:00:00.000Z' WHERE id = ?", [old.id]),
    );
    await s.lock();
    const changed = new Promise((resolve) => s.once('documents:changed', resolve));
    await s.unlock(TEST_PASSPHRASE);
    await changed;
    expect((await s.vault.list({ scope: 'trash' })).map((d) => d.id)).toEqual([recent.id]);
  });

  it('exports everything into a new folder inside the chosen one, with progress', async () => {
    const t = await tempDir('lockleaf-export-');
    const { s } = await session({ chooseDirectory: async () => t.dir });
    await s.create(TEST_PASSPHRASE);
    for (const n of ['a', 'b', 'c']) await s.vault.add({ bytes: Buffer.from(`doc ${n}`), name: `${n}.txt` });
    const progress: number[] = [];
    s.on('export:progress', ({ done }) => progress.push(done));
    const result = await s.exportSome();
    expect(result).toMatchObject({ exported: true, documents: 3 });
    if (!result.exported) throw new Error('unreachable');
    expect(progress).toEqual([1, 2, 3]);
    const files = await readdir(result.folder, { recursive: true });
    expect(files).toContain('manifest.json');
    expect(JSON.parse(await readFile(join(result.folder, 'manifest.json'), 'utf8'))).toBeTruthy();
    await t.cleanup();
  });
});
