import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
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
    const a = await t.vault.add({ bytes: Buffer.from('Payslip March, employer ACME'), name: 'pay/../slip.txt', tags: ['work', 'salary'], notes: 'n1', type: 'Payslip', correspondent: 'ACME' });
    const b = await t.vault.add({ bytes: Buffer.from([0, 1, 2, 3, 255]), name: 'blob.bin', createdAt: '2020-01-02T00:00:00.000Z' });
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
    expect(await other.importFrom(out)).toEqual({ added: 2, duplicates: 0 });
    expect(await other.importFrom(out)).toEqual({ added: 0, duplicates: 2 });
    const [imported] = await other.search('acme');
    const doc = await other.get(imported!.id);
    expect(doc).toMatchObject({ title: 'slip', tags: ['salary', 'work'], notes: 'n1', type: 'Payslip', correspondent: 'ACME', originalName: 'pay/../slip.txt' });
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
});
