/**
 * Kill -9 in the middle of work: a batch `add` and a key rotation, each in a
 * real CLI process. After restart the vault opens, passes its integrity
 * check, shows no half-stored document, and re-running finishes the job.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { textPdf } from '../ingest/test-fixtures.js';
import { openVault } from './open-vault.js';
import { TEST_PASSPHRASE, tempVault } from './test-support.js';
import { runCli } from '../cli/test-cli.js';
import type { Vault } from './vault.js';

async function assertConsistent(vault: Vault): Promise<void> {
  await vault.context.sweep;
  expect(await vault.integrityCheck()).toEqual([]);
  const db = vault.context.db.read;
  // Every document has its search row and its readable bytes; no row without a blob.
  const docs = await db.all<{ id: string; seq: number }>('SELECT id, seq FROM documents');
  const fts = await db.all<{ rowid: number }>('SELECT rowid FROM doc_fts');
  expect(fts.map((r) => r.rowid).sort()).toEqual(docs.map((d) => d.seq).sort());
  for (const d of docs) await vault.readContent(d.id);
  const { names, partials } = await vault.context.blobs.scan();
  expect(partials).toEqual([]);
  expect(names.length).toBe(docs.length);
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('crash safety (SIGKILL)', () => {
  it('during a batch add', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    await t.vault.close();
    const src = join(t.root, 'inbox');
    await mkdir(src);
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const path = join(src, `doc-${i}.pdf`);
      await writeFile(path, await textPdf([[`document number ${i}`, randomBytes(30).toString('hex')]]));
      files.push(path);
    }
    const killed = await runCli(
      ['--vault', t.dir, 'add', ...files],
      (out) => (out.match(/^added /gm) ?? []).length >= 3,
    );
    expect(killed.signal).toBe('SIGKILL');

    let vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertConsistent(vault);
    const stored = (await vault.list()).length;
    expect(stored).toBeGreaterThanOrEqual(3);
    // Files are stored first and read after: some were still waiting to be read.
    const unfinished = (await vault.context.db.read.all("SELECT id FROM ingest_jobs WHERE state != 'done'")).length;
    expect(unfinished).toBeGreaterThan(0);
    await vault.close();

    const rerun = await runCli(['--vault', t.dir, 'add', ...files]);
    expect(rerun.code).toBe(0);
    expect((rerun.output.match(/^duplicate of /gm) ?? []).length).toBe(stored);
    // Files stored before the kill but not yet read were finished by the rerun; the rest were new.
    expect((rerun.output.match(/^added /gm) ?? []).length).toBe(12 - stored + unfinished);
    vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    t.vault = vault;
    await assertConsistent(vault);
    expect((await vault.list()).length).toBe(12);
    const jobs = await vault.context.db.read.all<{ state: string }>('SELECT state FROM ingest_jobs');
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    expect((await vault.search('"document number 7"')).length).toBe(1);
  });

  it('during key rotation', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const contents = new Map<string, Buffer>();
    for (let i = 0; i < 40; i++) {
      const bytes = randomBytes(400_000);
      contents.set((await t.vault.add({ bytes, name: `s${i}.bin` })).id, bytes);
    }
    await t.vault.close();

    const killed = await runCli(['--vault', t.dir, 'rotate-key', '--batch', '2'], (out) =>
      /Re-encrypting .* ([3-9]|[1-3]\d)\/40/.test(out),
    );
    expect(killed.signal).toBe('SIGKILL');

    let vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await assertConsistent(vault);
    expect(vault.context.keyring.versions).toEqual([1, 2]);
    for (const [id, bytes] of contents) expect((await vault.readContent(id)).equals(bytes)).toBe(true);
    await vault.close();

    const rerun = await runCli(['--vault', t.dir, 'rotate-key']);
    expect(rerun.output).toMatch(/Key version 2: .* old keys retired/);
    vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    t.vault = vault;
    await assertConsistent(vault);
    expect(vault.context.keyring.versions).toEqual([2]);
    for (const [id, bytes] of contents) expect((await vault.readContent(id)).equals(bytes)).toBe(true);
    expect((await vault.verifyAudit()).ok).toBe(true);
  });
});
