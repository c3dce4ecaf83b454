import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from './test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('exporting the checked documents', () => {
  it('writes only those, without the vault-wide saved views and preferences, and the result imports', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const ids = [];
    for (const name of ['one.txt', 'two.txt', 'three.txt'])
      ids.push((await t.vault.add({ bytes: Buffer.from(`${name} body`), name })).id);
    await t.vault.saveView({ name: 'Bills', query: 'type:Bill', sort: 'added' });
    const out = join(t.root, 'some');
    const summary = await t.vault.exportTo(out, undefined, { ids: [ids[2]!, ids[0]!] });
    expect(summary.documents).toBe(2);
    const manifest = JSON.parse(await readFile(summary.manifest, 'utf8'));
    expect(manifest.documents.map((d: { id: string }) => d.id)).toEqual([ids[0], ids[2]]);
    expect(manifest.savedViews).toEqual([]);
    expect(manifest.settings).toBeUndefined();
    expect((await readdir(join(out, 'documents'))).sort()).toEqual([ids[0], ids[2]].sort());

    const other = await tempVault();
    const previous = cleanup;
    cleanup = async () => {
      await other.cleanup();
      await previous();
    };
    expect(await other.vault.importFrom(out)).toMatchObject({ added: 2, views: 0 });
  });

  it('refuses ids the vault does not have, before writing anything', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const { id } = await t.vault.add({ bytes: Buffer.from('x'), name: 'x.txt' });
    const out = join(t.root, 'none');
    await expect(t.vault.exportTo(out, undefined, { ids: [id, 'no-such-document'] })).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
