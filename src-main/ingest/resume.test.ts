/**
 * A killed ingest resumes where it stopped: pages already read are kept, the
 * rest are read by the next run, and the no-plaintext promise still holds
 * after OCR (nothing but ciphertext in the vault folder or temp folder).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openVault } from '../vault/open-vault.js';
import { runCli } from '../cli/test-cli.js';
import { scanForMarkers } from '../vault/test-scan.js';
import { TEST_PASSPHRASE, tempVault } from '../vault/test-support.js';
import { scannedPdf } from './test-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('ingest resume and no plaintext after OCR', () => {
  it('resumes a killed OCR job and leaves no plaintext anywhere', { timeout: 180_000 }, async () => {
    const started = Date.now();
    const t = await tempVault();
    cleanup = t.cleanup;
    await t.vault.close();
    // Letters OCR does not confuse with digits or each other, so each marker reads back exactly
    // (a run once read "VT" as "VI": no T).
    // Letters OCR keeps apart even in pairs: without V ("VV" was read as "W" in one CI run) and N ("RN" as "M").
    const letters = 'ABCDEFGHKMPRUWXY';
    const markers = Array.from({ length: 4 }, () =>
      Array.from(randomBytes(9), (b) => letters[b % letters.length]).join(''),
    );
    const pages = markers.map((m, i) => [`Scanned page ${i + 1}`, `Account ${m}`]);
    // The source file is the user's own; it lives outside the scanned folders.
    const inbox = join(t.root, '..', `lockleaf-inbox-${randomBytes(4).toString('hex')}`);
    await mkdir(inbox);
    const source = join(inbox, 'scan.pdf');
    await writeFile(source, await scannedPdf(pages));
    cleanup = async () => {
      await t.cleanup();
      await (await import('node:fs/promises')).rm(inbox, { recursive: true, force: true });
    };

    const env = { LOCKLEAF_OCR_WORKERS: '1' };
    const killed = await runCli(['--vault', t.dir, 'add', source], (out) => /page [12]\/4/.test(out), env);
    expect(killed.signal).toBe('SIGKILL');
    let vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    const [job] = await vault.context.db.read.all<{ state: string; pages_done: number }>(
      'SELECT state, pages_done FROM ingest_jobs',
    );
    expect(job!.state).not.toBe('done');
    expect(job!.pages_done).toBeGreaterThanOrEqual(1);
    expect(job!.pages_done).toBeLessThan(4);
    await vault.close();

    const resumed = await runCli(['--vault', t.dir, 'add'], undefined, env);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/added .*scan\.pdf {2}\(4 pages\)/);
    vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    t.vault = vault;
    const [doc] = await vault.list();
    const detail = await vault.get(doc!.id);
    expect(detail.pages.map((p) => p.pageNo)).toEqual([1, 2, 3, 4]);
    const text = detail.pages.map((p) => p.text).join('\n');
    for (const m of markers) expect(text).toContain(m);
    for (const m of markers) expect((await vault.search(m.toLowerCase())).map((h) => h.id)).toEqual([doc!.id]);

    expect(await scanForMarkers([t.dir, tmpdir()], markers, [inbox], started - 2000)).toEqual([]);
  });
});
