import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { ExportFolder } from './export-folder.js';
import { createVault } from './open-vault.js';
import { TEST_PASSPHRASE, tempVault } from './test-support.js';
import type { Vault } from './vault.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

describe('export and import', () => {
  it('round-trips documents, metadata, tags, texts and trash state', async () => {
    const t = await tempVault();
    cleanups.push(t.cleanup);
    const a = await t.vault.add({
      bytes: Buffer.from('Payslip March, employer ACME'),
      name: 'pay/../slip.txt',
      tags: ['work', 'salary'],
      notes: 'n1',
      type: 'Payslip',
      correspondent: 'ACME',
    });
    const b = await t.vault.add({
      bytes: Buffer.from([0, 1, 2, 3, 255]),
      name: 'blob.bin',
      createdAt: '2020-01-02T00:00:00.000Z',
    });
    await t.vault.trash(b.id);
    await t.vault.setField(a.id, 'Net pay', 'money', '3120.00 EUR');
    const out = join(t.root, 'export');
    const summary = await t.vault.exportTo(out);
    expect(summary.documents).toBe(2);
    const manifest = JSON.parse(await readFile(summary.manifest, 'utf8'));
    expect(manifest.documents[0].file).toBe(`documents/${a.id}/pay_.._slip.txt`);
    await expect(t.vault.exportTo(out)).rejects.toMatchObject({ code: 'EXPORT_TARGET_NOT_EMPTY' });

    const other: Vault = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    cleanups.push(() => other.close());
    expect(await other.importFrom(out)).toMatchObject({ added: 2, duplicates: 0 });
    expect(await other.importFrom(out)).toMatchObject({ added: 0, duplicates: 2 });
    const [imported] = await other.search('acme');
    const doc = await other.get(imported!.id);
    expect(doc).toMatchObject({
      title: 'slip',
      tags: ['salary', 'work'],
      notes: 'n1',
      type: 'Payslip',
      correspondent: 'ACME',
      originalName: 'pay/../slip.txt',
    });
    expect(doc.customFields).toEqual([{ name: 'Net pay', kind: 'money', value: '3120.00 EUR' }]);
    const trashed = await other.list({ scope: 'trash' });
    expect(trashed.map((d) => d.createdAt)).toEqual(['2020-01-02T00:00:00.000Z']);
    expect((await other.readContent(trashed[0]!.id)).equals(Buffer.from([0, 1, 2, 3, 255]))).toBe(true);
  });

  it('refuses a damaged export and imports nothing from it', async () => {
    const t = await tempVault();
    cleanups.push(t.cleanup);
    await t.vault.add({ bytes: Buffer.from('one'), name: 'one.txt' });
    await t.vault.add({ bytes: Buffer.from('two'), name: 'two.txt' });
    const out = join(t.root, 'export');
    await t.vault.exportTo(out);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    await writeFile(join(out, manifest.documents[1].file), 'changed');
    const other = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    cleanups.push(() => other.close());
    await expect(other.importFrom(out)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(await other.list()).toEqual([]);
    await expect(other.importFrom(join(t.root, 'nowhere'))).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    manifest.documents[0].file = '../../etc/passwd';
    await writeFile(join(out, 'manifest.json'), JSON.stringify(manifest));
    await expect(other.importFrom(out)).rejects.toThrow(/outside the export folder/);
  });

  it('carries searchable PDFs, thumbnails, pins, saved views and preferences, and overwrites nothing', async () => {
    const t = await tempVault();
    cleanups.push(t.cleanup);
    const scan = await t.vault.add({
      bytes: Buffer.from('%PDF-1.4 stand-in for a photographed receipt'),
      name: 'receipt.jpg',
      tags: ['tax'],
    });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7 searchable '), randomBytes(100_000)]);
    const thumb = randomBytes(2_000);
    await attachIngestOutput(t.vault, scan.id, pdf, thumb);
    await t.vault.pin(scan.id, true);
    await t.vault.saveView({ name: 'Taxes', query: 'tag:tax', sort: 'created' });
    await t.vault.saveView({ name: 'Letters', query: 'type:Letter', sort: 'title' });
    await t.vault.updateSettings({ trashRetentionDays: 1, autoLockMinutes: 240, ocrWorkers: 2 });
    const out = join(t.root, 'export');
    await t.vault.exportTo(out);

    const other: Vault = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    cleanups.push(() => other.close());
    // What this vault already has of its own stays.
    await other.saveView({ name: 'taxes', query: 'tag:mine', sort: 'added' });
    await other.updateSettings({ autoLockMinutes: 2 });
    const summary = await other.importFrom(out);

    const [doc] = await other.list();
    expect(doc).toMatchObject({ title: 'receipt', pinned: true });
    const archive = await other.openArchive(doc!.id);
    expect(Buffer.concat(await archive!.toArray()).equals(pdf)).toBe(true);
    expect((await other.thumbnail(doc!.id))?.data.equals(thumb)).toBe(true);
    expect(await other.views()).toEqual([
      { name: 'Letters', query: 'type:Letter', sort: 'title' },
      { name: 'taxes', query: 'tag:mine', sort: 'added' },
    ]);
    // Only preferences that weaken nothing come over: an export folder could have been written by anyone.
    expect(await other.settings()).toMatchObject({
      trashRetentionDays: DEFAULT_SETTINGS.trashRetentionDays,
      autoLockMinutes: 2,
      ocrWorkers: 2,
    });
    expect(summary).toEqual({ added: 1, duplicates: 0, views: 1, settings: 1 });
  });

  it('imports a document whole or not at all: a searchable PDF that fails as it is stored leaves no half-imported document', async () => {
    const t = await tempVault();
    cleanups.push(t.cleanup);
    const scan = await t.vault.add({ bytes: Buffer.from('%PDF-1.4 a photographed lease'), name: 'lease.jpg' });
    await attachIngestOutput(
      t.vault,
      scan.id,
      Buffer.concat([Buffer.from('%PDF-1.7 '), randomBytes(50_000)]),
      randomBytes(500),
    );
    await t.vault.pin(scan.id, true);
    await t.vault.trash(scan.id);
    const out = join(t.root, 'export');
    await t.vault.exportTo(out);
    const other = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    cleanups.push(() => other.close());
    // The file goes away (or changes) after the check pass, as the archive is being stored.
    const original = ExportFolder.prototype.stream;
    const spy = vi.spyOn(ExportFolder.prototype, 'stream').mockImplementation(function (this: ExportFolder, ref, max) {
      if (ref.file.startsWith('searchable/')) return Promise.reject(new Error('the disk went away'));
      return original.call(this, ref, max);
    });
    await expect(other.importFrom(out)).rejects.toThrow('the disk went away');
    spy.mockRestore();
    // Before, the document was already stored, live (not in the trash), and a re-run skipped it as a duplicate.
    expect([...(await other.list()), ...(await other.list({ scope: 'trash' }))]).toEqual([]);
    expect(await other.importFrom(out)).toMatchObject({ added: 1 });
    const [doc] = await other.list({ scope: 'trash' });
    expect(doc).toMatchObject({ pinned: true });
    expect(await other.openArchive(doc!.id)).toBeDefined();
  });

  it('does not follow a symbolic link or a linked folder in an export', async () => {
    const t = await tempVault();
    cleanups.push(t.cleanup);
    const doc = await t.vault.add({ bytes: Buffer.from('passport scan'), name: 'passport.txt' });
    const out = join(t.root, 'export');
    await t.vault.exportTo(out);
    const other = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
    cleanups.push(() => other.close());

    // The same bytes, but outside the export: the link must not be read.
    const file = join(out, 'documents', doc.id, 'passport.txt');
    await writeFile(join(t.root, 'elsewhere.txt'), 'passport scan');
    await rm(file);
    await symlink(join(t.root, 'elsewhere.txt'), file);
    await expect(other.importFrom(out)).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      message: expect.stringMatching(/symbolic link/),
    });

    const outside = join(t.root, 'outside');
    await mkdir(outside);
    await rename(join(t.root, 'elsewhere.txt'), join(outside, 'passport.txt'));
    await rm(join(out, 'documents', doc.id), { recursive: true });
    await symlink(outside, join(out, 'documents', doc.id));
    await expect(other.importFrom(out)).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      message: expect.stringMatching(/outside the export folder/),
    });
    expect(await other.list()).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses what is not a regular file rather than reading it without end',
    async () => {
      const t = await tempVault();
      cleanups.push(t.cleanup);
      const doc = await t.vault.add({ bytes: Buffer.from('tax return'), name: 'return.txt' });
      const out = join(t.root, 'export');
      await t.vault.exportTo(out);
      const file = join(out, 'documents', doc.id, 'return.txt');
      await rm(file);
      // A named pipe nobody writes to: reading it would wait for ever.
      execFileSync('mkfifo', [file]);
      const other = await createVault(join(t.root, 'other'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
      cleanups.push(() => other.close());
      await expect(other.importFrom(out)).rejects.toMatchObject({
        code: 'IMPORT_INVALID',
        message: expect.stringMatching(/not a file/),
      });
    },
    10_000,
  );
});

/** What ingest leaves for an image document: its searchable PDF (as process-job's storeArchive stores it) and a thumbnail. */
async function attachIngestOutput(vault: Vault, id: string, pdf: Buffer, thumbnail: Buffer): Promise<void> {
  const ctx = vault.context;
  const key = randomBytes(32);
  const blob = await ctx.blobs.write(Readable.from([pdf]), key);
  const wrapped = ctx.keyring.wrap(key, `archivekey:${id}`);
  await ctx.db.write(async (tx) => {
    await tx.run(
      'UPDATE documents SET archive_blob_name = ?, archive_blob_key = ?, archive_key_version = ? WHERE id = ?',
      [blob.name, wrapped.sealed, wrapped.version, id],
    );
    await tx.run(
      "INSERT INTO thumbnails (document_seq, mime, data) SELECT seq, 'image/webp', ? FROM documents WHERE id = ?",
      [thumbnail, id],
    );
  });
}
