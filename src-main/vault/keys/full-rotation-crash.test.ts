/**
 * Kill -9 during a full key rotation, in real child processes: after each
 * step, and in the middle of the database rekey itself (the real CLI, killed
 * while SQLCipher is rewriting the pages). The next unlock settles the
 * rotation one way or the other: documents read, the audit chain verifies,
 * the database passes its integrity check, no pending rotation is left.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../../cli/test-cli.js';
import { openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempVault } from '../test-support.js';
import type { Vault } from '../vault.js';
import { fullRotationSteps } from './full-rotation.js';
import { readKeyFile } from './key-file.js';

const CHILD = join(import.meta.dirname, 'test-rotation-child.ts');

let t: Awaited<ReturnType<typeof tempVault>>;
afterEach(() => t.cleanup());

async function setup(fillerMiB = 0): Promise<{ contents: Map<string, Buffer>; dbKey: Buffer }> {
  t = await tempVault();
  const contents = new Map<string, Buffer>();
  for (let i = 0; i < 4; i++) {
    const bytes = randomBytes(5000 + i * 90_000);
    contents.set((await t.vault.add({ bytes, name: `d${i}.bin` })).id, bytes);
  }
  if (fillerMiB > 0) {
    // Bulk for the database, so its rekey takes long enough to be killed in the middle.
    await t.vault.context.db.write((tx) =>
      tx.exec(`CREATE TABLE filler (b BLOB);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${fillerMiB * 256})
        INSERT INTO filler SELECT randomblob(4000) FROM n;`),
    );
  }
  const dbKey = t.vault.context.keyring.deriveSubkey('sqlcipher', t.vault.id);
  await t.vault.close();
  return { contents, dbKey };
}

async function assertSettled(vault: Vault, contents: Map<string, Buffer>): Promise<void> {
  for (const [id, bytes] of contents) expect((await vault.readContent(id)).equals(bytes)).toBe(true);
  expect(await vault.verifyAudit()).toMatchObject({ ok: true });
  expect(await vault.integrityCheck()).toEqual([]);
  expect((await readKeyFile(vault.context.paths.keyFile)).pendingRotation).toBeUndefined();
}

function runChild(killAfter: string): Promise<{ signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.dir, killAfter], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, output }));
  });
}

describe('full key rotation, killed -9', () => {
  it.each(fullRotationSteps)('right after "%s"', async (step) => {
    const { contents, dbKey } = await setup();
    const run = await runChild(step);
    expect(run.signal, run.output).toBe('SIGKILL');

    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertSettled(t.vault, contents);
    const rekeyed = fullRotationSteps.indexOf(step) >= fullRotationSteps.indexOf('rekeyed');
    expect(t.vault.context.keyring.deriveSubkey('sqlcipher', t.vault.id).equals(dbKey)).toBe(!rekeyed);
  });

  it('in the middle of the database rekey (the CLI)', async () => {
    const { contents, dbKey } = await setup(48);
    const journal = join(t.dir, 'vault.db-journal');
    const { child, result } = spawnCli(['--vault', t.dir, 'rotate-key', '--full']);
    // The rekey's rollback journal fills with the old pages as SQLCipher rewrites them: kill once it is well under way.
    let journalBytes = 0;
    const watch = setInterval(() => {
      journalBytes = (() => {
        try {
          return statSync(journal).size;
        } catch {
          return 0;
        }
      })();
      if (journalBytes > 8 * 1024 * 1024 && child.exitCode === null) child.kill('SIGKILL');
    }, 2);
    const run = await result.finally(() => clearInterval(watch));
    expect(run.signal, run.output).toBe('SIGKILL');
    expect(journalBytes).toBeGreaterThan(8 * 1024 * 1024);

    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertSettled(t.vault, contents);
    // The hot journal was rolled back: the database is still under its old key, the pending rotation dropped.
    expect(t.vault.context.keyring.deriveSubkey('sqlcipher', t.vault.id).equals(dbKey)).toBe(true);
    expect((await t.vault.context.db.read.get<{ n: number }>('SELECT count(*) AS n FROM filler'))?.n).toBe(48 * 256);
    await t.vault.close();

    const rerun = spawnCli(['--vault', t.dir, 'rotate-key', '--full']);
    const done = await rerun.result;
    expect(done.output).toMatch(/root, database and audit keys replaced/);
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertSettled(t.vault, contents);
    expect(t.vault.context.keyring.deriveSubkey('sqlcipher', t.vault.id).equals(dbKey)).toBe(false);
  });
});
