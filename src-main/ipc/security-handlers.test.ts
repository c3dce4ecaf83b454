import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_KDF } from '../crypto/kdf.js';
import { tempDir } from '../vault/test-support.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers, type Handlers } from './handlers.js';
import type { AuditCheck, VaultStats } from '../../src-shared/vault-info.js';

const PASS = 'correct horse battery';
let session: AppSession;
let handlers: Handlers;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
  handlers = createHandlers(session);
  cleanup = async () => {
    await session.lock();
    await t.cleanup();
  };
});
afterEach(() => cleanup());

/** Two documents in the library, one in the trash. */
async function withDocuments(): Promise<string[]> {
  await dispatch(handlers, 'vault:create', { passphrase: PASS });
  const ids: string[] = [];
  for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) {
    const added = await session.vault.add({ bytes: Buffer.from(`bytes of ${name}`), name });
    ids.push(added.id);
  }
  await session.vault.trash(ids[2]!);
  return ids;
}

describe('security and storage channels', () => {
  it('refuse while locked and refuse unknown fields', async () => {
    for (const channel of ['vault:stats', 'audit:verify'] as const)
      expect(await dispatch(handlers, channel, undefined)).toMatchObject({
        ok: false,
        error: { code: 'VAULT_LOCKED' },
      });
    expect(await dispatch(handlers, 'vault:rotateKeys', { full: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('vault:stats counts documents, trash and pages, and the bytes of the database and blobs on disk', async () => {
    await withDocuments();
    const answer = await dispatch(handlers, 'vault:stats', undefined);
    expect(answer).toMatchObject({ ok: true, value: { documents: 2, trashed: 1, pages: 2 } });
    const db = (await stat(join(session.vaultDir, 'vault.db'))).size;
    // Three blobs at least, each bigger than its few plaintext bytes (sealed), on top of the database.
    expect(answer.ok && (answer.value as VaultStats).bytes).toBeGreaterThan(db + 3 * 10);
  });

  it('vault:rotateKeys re-encrypts every document with progress, the documents still read, and the audit check says intact', async () => {
    const ids = await withDocuments();
    const before = await dispatch(handlers, 'audit:verify', undefined);
    const progress: number[] = [];
    session.on('keys:progress', ({ done }) => progress.push(done));
    const rotated = await dispatch(handlers, 'vault:rotateKeys', {});
    expect(rotated).toEqual({ ok: true, value: { version: 2, reencrypted: 3, full: false } });
    expect(progress).toEqual([1, 2, 3]);
    const chunks: Buffer[] = [];
    for await (const c of await session.vault.openContent(ids[0]!)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('bytes of a.pdf');
    const audit = await dispatch(handlers, 'audit:verify', undefined);
    expect(audit).toMatchObject({ ok: true, value: { ok: true, others: [] } });
    // The rotation's start and end are in the log, and the chain still verifies.
    const entries = (r: typeof audit) => (r.ok ? (r.value as AuditCheck).entries : NaN);
    expect(entries(audit) - entries(before)).toBe(2);
  });

  it('the full rotation asks for the passphrase: a wrong one changes nothing, the right one still unlocks after', async () => {
    await withDocuments();
    expect(await dispatch(handlers, 'vault:rotateKeys', { passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await dispatch(handlers, 'vault:rotateKeys', { passphrase: PASS })).toMatchObject({
      ok: true,
      value: { full: true, reencrypted: 3 },
    });
    expect(await dispatch(handlers, 'audit:verify', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    await dispatch(handlers, 'vault:lock', undefined);
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: PASS })).toMatchObject({ ok: true });
    expect(await dispatch(handlers, 'vault:stats', undefined)).toMatchObject({ ok: true, value: { documents: 2 } });
  });

  it('refuses a passphrase change (or another rotation) while a full rotation runs, which would undo it on commit', async () => {
    await withDocuments();
    // The rotation is held before it starts its work (then runs for real), so the others are asked for while it
    // runs, whatever the machine's speed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const vault = session.vault;
    const rotateAll = vault.rotateAllKeys.bind(vault);
    vi.spyOn(vault, 'rotateAllKeys').mockImplementation(async (...args) => {
      started();
      await held;
      return rotateAll(...args);
    });
    const rotation = dispatch(handlers, 'vault:rotateKeys', { passphrase: PASS });
    await running;
    const NEW = 'a brand new passphrase';
    expect(await dispatch(handlers, 'vault:changePassphrase', { current: PASS, next: NEW })).toMatchObject({
      ok: false,
      error: { code: 'KEYS_BUSY', message: expect.stringMatching(/rotated/) },
    });
    expect(await dispatch(handlers, 'vault:rotateKeys', {})).toMatchObject({
      ok: false,
      error: { code: 'KEYS_BUSY' },
    });
    release();
    expect(await rotation).toMatchObject({ ok: true, value: { full: true } });
    // Once done, the change goes through, and it is the new passphrase that unlocks.
    expect(await dispatch(handlers, 'vault:changePassphrase', { current: PASS, next: NEW })).toMatchObject({
      ok: true,
    });
    await dispatch(handlers, 'vault:lock', undefined);
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: NEW })).toMatchObject({ ok: true });
  });
});
