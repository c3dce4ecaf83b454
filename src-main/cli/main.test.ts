import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { createVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { main } from './main.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const vaultDir = join(t.dir, 'vault');
  // Created in-process with cheap KDF parameters; the CLI reads them from the key file.
  await (await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF })).close();
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_NEW_PASSPHRASE: 'another passphrase' },
      stdin: async () => '',
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { root: t.dir, vaultDir, run };
}

describe('lockleaf CLI', () => {
  it('adds, lists, searches as JSON, shows, gets, tags, trashes and restores', async () => {
    const { root, run } = await setup();
    const file = join(root, 'receipt.pdf');
    await writeFile(file, await textPdf([['Hardware store receipt: drill, screws. Total 42 EUR']]));
    const added = await run('add', file);
    expect(added.code).toBe(0);
    const id = /^added (\S+) {2}.*receipt\.pdf {2}\(1 page\)$/m.exec(added.out)![1]!;
    expect((await run('add', file)).out).toContain(`duplicate of ${id}`);

    const search = await run('search', 'drill', '--json');
    const hits = JSON.parse(search.out);
    expect(hits).toEqual([
      { id, title: 'receipt', snippet: expect.stringContaining('<mark>drill</mark>'), score: expect.any(Number) },
    ]);

    expect((await run('tag', id, 'diy', 'home')).code).toBe(0);
    expect((await run('ls')).out).toContain('[diy, home]');
    expect((await run('show', id)).out).toContain('Total 42 EUR');
    const out = join(root, 'copy.pdf');
    await run('get', id, '--out', out);
    expect((await readFile(out)).equals(await readFile(file))).toBe(true);

    await run('rm', id);
    expect(JSON.parse((await run('search', 'drill', '--json')).out)).toEqual([]);
    expect((await run('ls', '--trash')).out).toContain(id);
    await run('restore', id);
    expect(JSON.parse((await run('search', 'drill', '--json')).out)).toHaveLength(1);
    expect((await run('audit', 'verify')).out).toMatch(/Audit log intact: \d+ entries/);
  });

  it('reports expected failures with their code and exit 1', async () => {
    const { run } = await setup();
    const missing = await run('show', 'no-such-id');
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('[DOCUMENT_NOT_FOUND]') });
    const bad = await run('search', 'before:someday');
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('[INVALID_QUERY]') });
    const partly = await run('add', '/definitely/not/here.pdf');
    expect(partly.code).toBe(1);
    expect(partly.err).toContain('refused  /definitely/not/here.pdf');
    const { root } = await setup();
    await writeFile(join(root, 'notes.txt'), 'plain text is not a document type Lockleaf reads');
    const refused = await run('add', join(root, 'notes.txt'));
    expect(refused).toMatchObject({
      code: 1,
      err: expect.stringMatching(/refused .*notes\.txt: This file is text\/plain; Lockleaf reads PDF/),
    });
  });

  it('changes the passphrase', async () => {
    const { run, vaultDir } = await setup();
    expect((await run('passwd')).out).toBe('Passphrase changed.');
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, 'ls'], {
      out: () => undefined,
      err: () => undefined,
      env: { LOCKLEAF_PASSPHRASE: 'another passphrase' },
      stdin: async () => '',
    });
    expect(code).toBe(0);
  });
});
