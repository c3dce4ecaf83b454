/**
 * The viewer: a PDF drawn by pdf.js and a photo shown as an image, both
 * through `/doc/<token>` on the app's origin; tokens stop working at lock;
 * "Save a copy…" writes the decrypted bytes where the user chose.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textImage, textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';

let app: AppFixture | undefined;
let saveDir: string | undefined;

describe.skipIf(!hasChromium)('document viewer and saving a copy', () => {
  afterEach(async () => {
    await app?.close();
    if (saveDir) await rm(saveDir, { recursive: true, force: true });
  });
  afterAll(() => closeBrowser());

  it('draws PDF pages and photos, expires views at lock, and saves a decrypted copy where asked', async () => {
    saveDir = await mkdtemp(join(tmpdir(), 'lockleaf-save-'));
    const chosen = join(saveDir, 'my copy.pdf');
    app = await openApp({ session: { chooseSavePath: async () => chosen } });
    const { page, host } = app;
    await createVaultThroughUi(page);
    const pdf = await textPdf([['Lease agreement page one'], ['Second page with signatures']]);
    const photo = await sharp(await textImage(['Vaccination card']))
      .jpeg()
      .toBuffer();
    const lease = await host.session.vault.add({ bytes: pdf, name: 'lease.pdf' });
    await host.session.vault.add({ bytes: photo, name: 'card.jpg' });
    host.session.emit('documents:changed', { ids: [] });

    const results = page.getByRole('listbox', { name: 'Results' });
    await results.getByRole('option').filter({ hasText: 'lease' }).click();
    const pane = page.getByRole('complementary', { name: 'Document lease' });
    await pane.getByText('View document').click();
    const first = pane.getByRole('img', { name: 'lease, page 1' });
    await first.waitFor();
    await pane.getByRole('img', { name: 'lease, page 2' }).waitFor();
    // Drawn, not blank: some pixels are dark (the text).
    await expect
      .poll(
        () =>
          first.evaluate((c) => {
            const canvas = c as HTMLCanvasElement;
            const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            let dark = 0;
            for (let i = 0; i < data.length; i += 4) if (data[i]! < 100) dark++;
            return dark;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(100);
    await app.screenshot('11-viewer-pdf');

    await pane.getByRole('button', { name: 'Save a copy…' }).click();
    await pane.getByRole('status').filter({ hasText: 'Saved a decrypted copy as my copy.pdf.' }).waitFor();
    expect(Buffer.compare(await readFile(chosen), pdf)).toBe(0);

    await results.getByRole('option').filter({ hasText: 'card' }).click();
    const card = page.getByRole('complementary', { name: 'Document card' });
    await card.getByText('View document').click();
    const img = card.getByRole('img', { name: 'card', exact: true });
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // A view URL works while unlocked, and not after lock.
    const view = await page.evaluate(async (id) => window.lockleaf.documentsView({ id }), lease.id);
    if (!view.ok) throw new Error(view.error.message);
    expect(await page.evaluate(async (url) => (await fetch(url)).status, view.value.url)).toBe(200);
    const headers = await page.evaluate(async (url) => Object.fromEntries((await fetch(url)).headers), view.value.url);
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': expect.stringMatching(/no-store/),
      'content-type': 'application/pdf',
    });
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    expect(await page.evaluate(async (url) => (await fetch(url)).status, view.value.url)).toBe(403);
  });
});
