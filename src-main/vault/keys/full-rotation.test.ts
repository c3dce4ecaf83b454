import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../db/connection.js';
import { openVault } from '../open-vault.js';
import { getSecret, putSecret } from '../secrets/secret-fields.js';
import { TEST_PASSPHRASE, tempVault } from '../test-support.js';
import type { Vault } from '../vault.js';
import { fullRotationSteps, type FullRotationStep } from './full-rotation.js';
import { readKeyFile } from './key-file.js';

let t: Awaited<ReturnType<typeof tempVault>>;
let contents: Map<string, Buffer>;

beforeEach(async () => {
  t = await tempVault();
  contents = new Map();
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(2000 + i * 70_000);
    contents.set((await t.vault.add({ bytes, name: `d${i}.bin` })).id, bytes);
  }
  await t.vault.context.db.write(async (tx) => {
    await tx.run(
      "INSERT INTO mailboxes (id, name, kind, address, settings, created_at) VALUES ('mbox-1', 'work', 'smtp', 'me@example.org', '{}', '2024')",
    );
    await putSecret(tx, t.vault.context.keyring, 'mbox-1', 'password', 'smtp secret');
  });
});
afterEach(() => t.cleanup());

/** The keys a full rotation must replace, copied out of the unlocked vault. */
function keysOf(vault: Vault) {
  const ctx = vault.context;
  return {
    root: Buffer.from(ctx.root),
    db: ctx.keyring.deriveSubkey('sqlcipher', vault.id),
    audit: Buffer.from(ctx.auditKey),
  };
}

/** Whether `key` opens the database file (a fresh connection, as an unlock would). */
async function opensWith(key: Buffer): Promise<boolean> {
  const conn = await Connection.open(`${t.dir}/vault.db`);
  try {
    await conn.exec(`PRAGMA key = "x'${key.toString('hex')}'"`);
    await conn.get('SELECT count(*) FROM sqlite_master');
    return true;
  } catch {
    return false;
  } finally {
    await conn.close();
  }
}

async function assertWhole(vault: Vault): Promise<void> {
  for (const [id, bytes] of contents) expect((await vault.readContent(id)).equals(bytes)).toBe(true);
  expect(await getSecret(vault.context.db.read, vault.context.keyring, 'mbox-1', 'password')).toBe('smtp secret');
  expect(await vault.verifyAudit()).toMatchObject({ ok: true });
  expect(await vault.integrityCheck()).toEqual([]);
  expect(vault.context.keyFile.pendingRotation).toBeUndefined();
  expect((await readKeyFile(vault.context.paths.keyFile)).pendingRotation).toBeUndefined();
}

describe('full key rotation', () => {
  it('replaces the root key, the database key, the audit key and the data keys', async () => {
    const before = keysOf(t.vault);
    const fileBefore = await readFile(t.vault.context.paths.keyFile, 'utf8');
    const report = await t.vault.rotateAllKeys(TEST_PASSPHRASE);
    expect(report).toMatchObject({ version: 2, reencrypted: 6, finished: true });
    const after = keysOf(t.vault);
    expect(after.root.equals(before.root)).toBe(false);
    expect(after.db.equals(before.db)).toBe(false);
    expect(after.audit.equals(before.audit)).toBe(false);
    expect(t.vault.context.keyring.versions).toEqual([2]);
    // The running session already works under the new keys: reads, writes, audit appends.
    await assertWhole(t.vault);
    await t.vault.tag([...contents.keys()][0]!, ['after']);
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: true });
    await t.vault.close();

    expect(await opensWith(before.db)).toBe(false);
    expect(await opensWith(after.db)).toBe(true);
    const file = JSON.parse(await readFile(`${t.dir}/vault.key`, 'utf8')) as {
      rootWraps: unknown;
      keyring: string;
      kdf: { salt: string };
    };
    const old = JSON.parse(fileBefore) as typeof file;
    expect(file.keyring).not.toBe(old.keyring);
    expect(file.kdf.salt).not.toBe(old.kdf.salt);

    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    expect(t.vault.context.root.equals(after.root)).toBe(true);
    await assertWhole(t.vault);
    const actions = (
      await t.vault.context.db.read.all<{ action: string; details: string }>('SELECT action, details FROM audit_log')
    ).map((r) => `${r.action} ${r.details}`);
    expect(actions.some((a) => a.startsWith('keys.rotated') && a.includes('"full":true'))).toBe(true);
  });

  it('lets reads made during the rekey wait for the new reader instead of failing', async () => {
    let stop = false;
    let reads = 0;
    let reading: Promise<void> | undefined;
    await t.vault.rotateAllKeys(TEST_PASSPHRASE, {
      afterStep: (step) => {
        if (step !== 'pending-written') return;
        // As the window would: queries keep coming while the database changes key.
        reading = (async () => {
          while (!stop) {
            expect(await t.vault.list()).toHaveLength(contents.size);
            reads++;
          }
        })();
      },
    });
    stop = true;
    await reading;
    expect(reads).toBeGreaterThan(0);
    await assertWhole(t.vault);
  });

  it('moves an audit log that starts at a retention checkpoint', async () => {
    for (let i = 0; i < 3; i++) await t.vault.context.audit('vault.unlocked', { method: 'passphrase' });
    const later = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000);
    expect((await t.vault.pruneAudit({ now: later })).pruned).toBeGreaterThan(0);
    const pruned = await t.vault.verifyAudit();
    expect(pruned).toMatchObject({ ok: true, pruned: expect.any(Number) });
    await t.vault.rotateAllKeys(TEST_PASSPHRASE);
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: true, pruned: (pruned as { pruned: number }).pruned });
    await t.vault.close();
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: true });
  });

  it('refuses a wrong passphrase and changes nothing', async () => {
    const before = await readFile(t.vault.context.paths.keyFile, 'utf8');
    await expect(t.vault.rotateAllKeys('not the passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(await readFile(t.vault.context.paths.keyFile, 'utf8')).toBe(before);
  });

  it('refuses a broken audit chain rather than re-sign it', async () => {
    await t.vault.context.db.write((tx) => tx.run('UPDATE audit_log SET details = \'{"forged":true}\' WHERE seq = 1'));
    const before = await readFile(t.vault.context.paths.keyFile, 'utf8');
    await expect(t.vault.rotateAllKeys(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
    expect(await readFile(t.vault.context.paths.keyFile, 'utf8')).toBe(before);
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it.each(fullRotationSteps)('settles at the next unlock when stopped after "%s"', async (stopAt: FullRotationStep) => {
    const before = keysOf(t.vault);
    const stop = new Error(`stopped after ${stopAt}`);
    await expect(
      t.vault.rotateAllKeys(TEST_PASSPHRASE, {
        afterStep: (step) => {
          if (step === stopAt) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    await t.vault.close();

    // From the rekey on, only the new database key opens the file; before it, only the old one.
    const rekeyed = fullRotationSteps.indexOf(stopAt) >= fullRotationSteps.indexOf('rekeyed');
    expect(await opensWith(before.db)).toBe(!rekeyed);
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertWhole(t.vault);
    const now = keysOf(t.vault);
    expect(now.db.equals(before.db)).toBe(!rekeyed);
    expect(now.root.equals(before.root)).toBe(!rekeyed);
    expect(now.audit.equals(before.audit)).toBe(!rekeyed);

    // And a full rotation runs (again) from there.
    await t.vault.rotateAllKeys(TEST_PASSPHRASE);
    await assertWhole(t.vault);
    expect(keysOf(t.vault).db.equals(now.db)).toBe(false);
  });

  it('refuses a passphrase change while a rotation is pending, and a second rotation in the same session', async () => {
    const stop = new Error('stop');
    await expect(
      t.vault.rotateAllKeys(TEST_PASSPHRASE, {
        afterStep: (s) => {
          if (s === 'rekeyed') throw stop;
        },
      }),
    ).rejects.toBe(stop);
    await expect(t.vault.changePassphrase(TEST_PASSPHRASE, 'another passphrase 99')).rejects.toMatchObject({
      code: 'NOT_AVAILABLE',
    });
    await expect(t.vault.rotateAllKeys(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    await t.vault.close();
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertWhole(t.vault);
  });
});
