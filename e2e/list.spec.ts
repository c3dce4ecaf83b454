/**
 * The result list and multi-select (issue 16, "Defects to fix first"): rows of
 * any height never overlap, thumbnails stay inside their rows, and selecting
 * several documents behaves like a file manager, not like a web page.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textImage } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';

let app: AppFixture | undefined;
let exportDir: string | undefined;

const LONG_TITLE = (n: number) =>
  `Framework services agreement number ${n} between the municipal housing cooperative and the regional ` +
  `facility maintenance contractor, including all annexes, amendments and countersigned schedules`;
const LONG_TEXT =
  'This agreement governs comprehensive maintenance responsibilities, indemnification obligations, ' +
  'subcontractor qualifications, environmental remediation procedures, confidentiality undertakings, ' +
  'arbitration proceedings and termination entitlements for the contracting parties. '.repeat(3);

/** Row boxes that overlap the next one, and thumbnails that leave their row (empty when the list is laid out well). */
function layoutFaults(page: AppFixture['page']) {
  return page.evaluate(() => {
    const faults: string[] = [];
    const rows = [...document.querySelectorAll<HTMLElement>('[role="listbox"][aria-label="Results"] [role="option"]')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .sort((a, b) => a.box.top - b.box.top);
    rows.forEach(({ el, box }, i) => {
      const next = rows[i + 1];
      if (next && next.box.top < box.bottom - 0.5)
        faults.push(
          `row ${i} (${Math.round(box.height)} px) overlaps the next by ${Math.round(box.bottom - next.box.top)} px`,
        );
      const thumb = el.querySelector('img')?.getBoundingClientRect();
      if (thumb && (thumb.top < box.top - 0.5 || thumb.bottom > box.bottom + 0.5 || thumb.right > box.right + 0.5))
        faults.push(`row ${i}: thumbnail outside its row`);
    });
    return faults;
  });
}

describe.skipIf(!hasChromium)('result list and multi-select', () => {
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });
  afterAll(() => closeBrowser());

  it('lays out rows of any height without overlap, thumbnails inside, after filtering and resizing', async () => {
    app = await openApp();
    const { page, host } = app;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await createVaultThroughUi(page);
    const vault = host.session.vault;
    // Short and tall rows interleaved: filtering moves each tall row to an index a short one was measured at.
    for (let i = 1; i <= 6; i++) {
      await vault.add({ bytes: Buffer.from(`note ${i}`), name: `Agreement note ${i}.txt`, type: 'Letter' });
      await vault.add({
        bytes: Buffer.from(`contract ${i}`),
        name: `contract-${i}.txt`,
        title: LONG_TITLE(i),
        type: 'Contract',
        pages: [{ pageNo: 1, text: LONG_TEXT, confidence: null }],
      });
    }
    // Photos go through ingest, which makes their thumbnails; the second has no text, so its row is one line.
    const photos = [
      await sharp(await textImage(['Signed agreement'], { width: 900, height: 700 }))
        .jpeg()
        .toBuffer(),
      await sharp({ create: { width: 600, height: 800, channels: 3, background: '#8a9bb0' } })
        .jpeg()
        .toBuffer(),
    ];
    for (const [i, bytes] of photos.entries())
      await host.session.ingest.queue.enqueue({ bytes, name: `Agreement photo ${i + 1}.jpg` });
    await expect
      .poll(async () => (await host.session.ingest.queue.list()).filter((j) => j.state === 'done').length, {
        timeout: 90_000,
      })
      .toBe(2);
    for (const job of await host.session.ingest.queue.list()) await vault.update(job.documentId, { type: 'Contract' });
    host.session.emit('documents:changed', { ids: [] });

    const results = page.getByRole('listbox', { name: 'Results' });
    await expect.poll(() => results.getByRole('option').count()).toBe(14);
    await expect.poll(() => results.locator('img.row-thumb').count()).toBe(2);
    await expect.poll(() => layoutFaults(page)).toEqual([]);
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('agreement');
    await expect.poll(() => results.locator('mark').count()).toBeGreaterThan(10);
    await expect.poll(() => layoutFaults(page)).toEqual([]);
    await page
      .getByRole('complementary', { name: 'Sidebar' })
      .getByRole('list', { name: 'Types' })
      .getByRole('button', { name: /^Contract/ })
      .click();
    await expect.poll(() => results.getByRole('option').count()).toBe(8);
    await expect.poll(() => results.locator('img.row-thumb').count()).toBe(2);
    await expect.poll(() => layoutFaults(page)).toEqual([]);
    // Narrower: titles and snippets wrap onto more lines, and the rows must follow.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => layoutFaults(page)).toEqual([]);
    await app.screenshot('30-list-long-rows');
  });

  it('picks documents like a file manager: Shift-click, Ctrl+A, Select all, and a bulk bar over the list', async () => {
    exportDir = await mkdtemp(join(tmpdir(), 'lockleaf-bulk-export-'));
    const target = exportDir;
    app = await openApp({ session: { chooseDirectory: async () => target } });
    const { page, host } = app;
    await createVaultThroughUi(page);
    const vault = host.session.vault;
    const ids: string[] = [];
    for (const title of ['Alpha invoice', 'Bravo receipt', 'Charlie letter', 'Delta contract', 'Echo statement']) {
      const { id } = await vault.add({ bytes: Buffer.from(`${title} body`), name: `${title}.txt`, tags: ['inbox'] });
      ids.push(id);
    }
    host.session.emit('documents:changed', { ids: [] });
    const results = page.getByRole('listbox', { name: 'Results' });
    const rows = results.getByRole('option');
    const checkedRows = () => results.locator('[role="option"][aria-checked="true"]').count();
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('title');
    await expect
      .poll(() => results.locator('.title').allTextContents())
      .toEqual(['Alpha invoice', 'Bravo receipt', 'Charlie letter', 'Delta contract', 'Echo statement']);

    // Shift-click: a range of documents, and no page text selected.
    const top = async () => (await results.boundingBox())!.y;
    const listTop = await top();
    await rows.filter({ hasText: 'Bravo receipt' }).click();
    await rows.filter({ hasText: 'Delta contract' }).click({ modifiers: ['Shift'] });
    const bulk = page.getByRole('toolbar', { name: 'Selected documents' });
    await bulk.getByText('3 selected').waitFor();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    expect(await checkedRows()).toBe(3);
    // The bar floats over the list: the list's top stays where it was.
    expect(await top()).toBe(listTop);

    // Ctrl+A in the list: every document, not the page.
    await results.press('Control+a');
    await bulk.getByText('5 selected').waitFor();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    expect(await checkedRows()).toBe(5);
    await bulk.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(checkedRows).toBe(0);
    await page.getByRole('button', { name: 'Select all' }).click();
    await bulk.getByText('5 selected').waitFor();
    expect(await top()).toBe(listTop);

    // Bulk actions on three of them, each said in the live region and read back from the vault.
    await bulk.getByRole('button', { name: 'Clear selection' }).click();
    await rows.filter({ hasText: 'Alpha invoice' }).click({ modifiers: ['Control'] });
    await rows.filter({ hasText: 'Charlie letter' }).click({ modifiers: ['Control'] });
    await rows.filter({ hasText: 'Echo statement' }).click({ modifiers: ['Control'] });
    await bulk.getByText('3 selected').waitFor();
    const picked = [ids[0]!, ids[2]!, ids[4]!];
    const status = page.locator('.bulk-dock').getByRole('status');
    await bulk.getByLabel('Tag all').fill('taxes 2025');
    await bulk.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('Tagged 3 documents “taxes 2025”');
    await bulk.getByLabel('Remove tag').fill('inbox');
    await bulk.getByRole('button', { name: 'Untag' }).click();
    await expect.poll(() => status.textContent()).toBe('Removed “inbox” from 3 documents');
    await bulk.getByLabel('Set correspondent').fill('Harbour Telecom');
    await bulk.getByRole('button', { name: 'File' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Set the correspondent of 3 documents/);
    await bulk.getByLabel('Set date').fill('2025-03-14');
    await bulk.getByRole('button', { name: 'Date', exact: true }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Set the date of 3 documents to /);
    await app.screenshot('31-list-bulk-bar');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('31-list-bulk-bar-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    for (const id of ids) {
      const doc = await vault.get(id);
      const isPicked = picked.includes(id);
      expect(doc.tags).toEqual(isPicked ? ['taxes 2025'] : ['inbox']);
      expect(doc.correspondent).toBe(isPicked ? 'Harbour Telecom' : null);
      expect(doc.createdAt.slice(0, 10) === '2025-03-14').toBe(isPicked);
    }

    // Export: the three, decrypted, into a new folder inside the one chosen.
    await bulk.getByRole('button', { name: 'Export 3…' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Exported 3 documents to /);
    const [folder] = await readdir(target);
    const manifest = JSON.parse(await readFile(join(target, folder!, 'manifest.json'), 'utf8')) as {
      documents: { id: string; file: string }[];
    };
    expect(manifest.documents.map((d) => d.id).sort()).toEqual([...picked].sort());
    for (const d of manifest.documents)
      expect(await readFile(join(target, folder!, d.file), 'utf8')).toBe(`${(await vault.get(d.id)).title} body`);
  });
});
