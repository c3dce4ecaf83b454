/**
 * The promise: nothing a user stores is ever on disk in the clear. Markers go
 * in, then every file under the vault folder and the OS temp folder is scanned
 * for them as UTF-8, UTF-16 and base64 — while the vault can still find them.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openVault } from './open-vault.js';
import { TEST_PASSPHRASE, tempVault } from './test-support.js';
import { scanForMarkers } from './test-scan.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('no plaintext on disk', () => {
  it('finds no marker in the vault folder or temp folder, yet search and export see them all', async () => {
    const started = Date.now() - 2000;
    const t = await tempVault();
    cleanup = t.cleanup;
    const markers = Array.from({ length: 4 }, () => `zqmarker${randomBytes(6).toString('hex')}`);
    const [m0, m1, m2, m3] = markers as [string, string, string, string];
    const small = await t.vault.add({ bytes: Buffer.from(`Account statement ${m0} balance`), name: `${m1}.txt` });
    // A multi-chunk document with a marker in its middle and end.
    const big = Buffer.concat([
      Buffer.from('Contract\n'),
      Buffer.alloc(300_000, 'lorem ipsum '),
      Buffer.from(` ${m2} `),
      Buffer.alloc(70_000, 'x'),
      Buffer.from(` ${m3}`),
    ]);
    const large = await t.vault.add({ bytes: big, name: 'contract.txt', notes: `see ${m3}` });
    await t.vault.tag(small.id, [`tag${m0}`]);

    // While open (WAL and shm files present) and after closing.
    expect(await scanForMarkers([t.dir, tmpdir()], markers, [], started)).toEqual([]);
    expect((await t.vault.search(m0)).map((h) => h.id)).toEqual([small.id]);
    expect((await t.vault.search(m2)).map((h) => h.id)).toEqual([large.id]);
    await t.vault.close();
    expect(await scanForMarkers([t.dir, tmpdir()], markers, [], started)).toEqual([]);

    const vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    t.vault = vault;
    expect((await vault.search(m3)).map((h) => h.id)).toEqual([large.id]);
    const out = join(t.root, 'export');
    await vault.exportTo(out);
    const exported = await scanForMarkers([out], markers);
    for (const m of markers) expect(exported.some((h) => h.endsWith(m))).toBe(true);
  });
});
