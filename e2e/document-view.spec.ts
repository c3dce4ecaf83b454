/**
 * The full-window document view (issue 16, "Document"): opened from the list with Enter or a double-click,
 * zoom and fit, thumbnails, rotating the view, find, previous/next document, the search's words marked on
 * the page through pdf.js's text layer, details and history beside it, and Escape back to the same place in
 * the list.
 */
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textImage, textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture | undefined;

const LEASE = [
  ['Lease agreement for the flat', 'The rent clause comes first'],
  ['Clause two: the rent is due monthly', 'clause three: deposit'],
  ['Signatures', 'final clause'],
];

type Page = AppFixture['page'];

/** The results list's scrolling element (the list itself or the nearest ancestor that scrolls). */
const listScroll = (page: Page) =>
  page.getByRole('listbox', { name: 'Results' }).evaluate((start) => {
    let el: HTMLElement | null = start as HTMLElement;
    while (el && !/(auto|scroll)/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
    return (el ?? document.scrollingElement!).scrollTop;
  });

/** The first page's canvas size in CSS pixels. */
const pageBox = (page: Page) =>
  page
    .locator('.document-view [data-page="1"]')
    .evaluate((el) => ({ width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height }));

describe.skipIf(!hasChromium)('full-window document view', () => {
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => closeBrowser());

  it('opens from the list, zooms, turns, finds, shows history, and Escape goes back to the same place', async () => {
    app = await openApp();
    const { page, host } = app;
    await createVaultThroughUi(page);
    const vault = host.session.vault;
    const { id: lease } = await vault.add({
      bytes: await textPdf(LEASE),
      name: 'lease.pdf',
      title: 'Lease',
      pages: LEASE.map((lines, i) => ({ pageNo: i + 1, text: lines.join('\n'), confidence: null })),
    });
    // Enough documents after it that the list scrolls to reach it.
    for (let i = 1; i <= 40; i++)
      await vault.add({ bytes: Buffer.from(`note ${i}`), name: `Note ${i}.txt`, title: `Note ${i}` });
    host.session.emit('documents:changed', { ids: [] });

    const results = page.getByRole('listbox', { name: 'Results' });
    const row = results.getByRole('option').filter({ hasText: 'Lease' });
    await results.getByRole('option').first().waitFor();
    await results.evaluate((start) => {
      let el: HTMLElement | null = start as HTMLElement;
      while (el && !/(auto|scroll)/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
      (el ?? document.scrollingElement!).scrollTop = 1e6;
    });
    await row.click();
    const scrolled = await listScroll(page);
    expect(scrolled).toBeGreaterThan(0);

    await page.keyboard.press('Enter');
    const view = page.getByRole('dialog', { name: 'Lease' });
    await view.waitFor();
    await view.getByRole('img', { name: 'Lease, page 1' }).waitFor();
    await expect.poll(() => view.getByRole('spinbutton', { name: 'Page' }).inputValue()).toBe('1');
    await expect.poll(() => view.getByText('of 3').count()).toBe(1);

    // Fit width fills the width; fit page is smaller (a portrait page in a landscape window); + grows it.
    const wide = await pageBox(page);
    await view.getByRole('button', { name: 'Fit page' }).click();
    await expect.poll(async () => (await pageBox(page)).width).toBeLessThan(wide.width - 50);
    const fitted = await pageBox(page);
    await view.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await pageBox(page)).width).toBeGreaterThan(fitted.width + 20);
    await page.keyboard.press('0');
    await expect.poll(async () => Math.round((await pageBox(page)).width)).toBe(Math.round(wide.width));

    // A thumbnail goes to its page; PgUp goes back one.
    await view.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Page 3' }).click();
    await expect.poll(() => view.getByRole('spinbutton', { name: 'Page' }).inputValue()).toBe('3');
    await page.keyboard.press('PageUp');
    await expect.poll(() => view.getByRole('spinbutton', { name: 'Page' }).inputValue()).toBe('2');

    // Rotating the view turns the page sideways.
    await view.getByRole('button', { name: 'Rotate' }).click();
    await expect.poll(async () => (await pageBox(page)).width > (await pageBox(page)).height).toBe(true);
    await view.getByRole('button', { name: 'Rotate' }).click();
    await view.getByRole('button', { name: 'Rotate' }).click();
    await view.getByRole('button', { name: 'Rotate' }).click();
    await expect.poll(async () => (await pageBox(page)).width < (await pageBox(page)).height).toBe(true);

    // Find counts every match over all pages, and moves through them.
    await page.keyboard.press('Control+f');
    const find = view.getByRole('searchbox', { name: 'Find in the document' });
    await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
    await find.fill('clause');
    await view.getByRole('search').getByText('1 of 4').waitFor();
    await find.press('Enter');
    await view.getByRole('search').getByText('2 of 4').waitFor();
    await expect.poll(() => view.locator('.textLayer mark.find.current').textContent()).toMatch(/clause/i);
    await find.press('Escape');
    await expect.poll(() => find.count()).toBe(0);

    // History: added, and the title edited in the details beside the page.
    const about = view.getByRole('complementary', { name: 'About this document' });
    const history = about.getByRole('list', { name: 'History' });
    await history.getByText('Added (lease.pdf)').waitFor();
    const title = about.getByLabel('Title');
    await title.fill('Lease 2027');
    await title.blur();
    await history.getByText('Details changed').waitFor();
    expect(await history.locator('time').first().textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // A date typed and left with Escape is kept: Escape in a field only leaves the field (its blur saves), the view
    // stays; Alt+← there is the field's, not "previous document"; ? does not open the list's shortcuts over the view.
    const date = about.getByLabel('Date', { exact: true });
    await date.fill('2 May 2025');
    await date.press('Alt+ArrowLeft');
    await date.press('Escape');
    await expect.poll(async () => (await host.session.vault.get(lease)).createdAt.slice(0, 10)).toBe('2025-05-02');
    expect(await view.count()).toBe(1);
    expect(await view.getByRole('heading', { name: 'Lease 2027' }).count()).toBe(1);
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);

    await expectNoSeriousViolations(page);
    await app.screenshot('document-view-1280');

    // Escape: back to the list where it was, the same row selected and focused.
    await page.keyboard.press('Escape');
    await expect.poll(() => view.count()).toBe(0);
    await expect.poll(() => listScroll(page)).toBe(scrolled);
    expect(await results.getByRole('option', { selected: true }).textContent()).toContain('Lease 2027');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="listbox"]'))).toBe(true);

    // Again with Enter, in a larger window: the pages grow with it.
    await page.keyboard.press('Enter');
    const again = page.getByRole('dialog', { name: 'Lease 2027' });
    await again.getByRole('img', { name: 'Lease 2027, page 1' }).waitFor();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await pageBox(page)).width).toBeGreaterThan(wide.width);
    await app.screenshot('document-view-1920');
  });

  it('marks the search words on the page, goes to the previous and next document, and shows photos', async () => {
    app = await openApp({ colorScheme: 'dark' });
    const { page, host } = app;
    await createVaultThroughUi(page);
    const vault = host.session.vault;
    const receipt = [['Rent receipt for March', 'Paid in full']];
    await vault.add({
      bytes: await textPdf(receipt),
      name: 'receipt.pdf',
      title: 'Receipt',
      pages: [{ pageNo: 1, text: receipt[0]!.join('\n'), confidence: null }],
    });
    await vault.add({
      bytes: await textPdf(LEASE),
      name: 'lease.pdf',
      title: 'Lease',
      pages: LEASE.map((lines, i) => ({ pageNo: i + 1, text: lines.join('\n'), confidence: null })),
    });
    const photo = await sharp(await textImage(['Rent paid, thank you'], { width: 900, height: 600 }))
      .jpeg()
      .toBuffer();
    await vault.add({
      bytes: photo,
      name: 'rent-photo.jpg',
      title: 'Photo',
      pages: [{ pageNo: 1, text: 'Rent paid, thank you', confidence: null }],
    });
    host.session.emit('documents:changed', { ids: [] });

    await page.getByRole('searchbox', { name: /Search/ }).fill('rent');
    const results = page.getByRole('listbox', { name: 'Results' });
    await expect.poll(() => results.getByRole('option').count()).toBe(3);
    const order = await results.getByRole('option').allTextContents();
    const leaseAt = order.findIndex((t) => t.includes('Lease'));
    await results.getByRole('option').nth(leaseAt).dblclick();

    const view = page.getByRole('dialog', { name: 'Lease' });
    await view.waitFor();
    // The query's word, marked in the text layer over page 1.
    const mark = view.locator('[data-page="1"] .textLayer mark.query');
    await expect.poll(() => mark.first().textContent(), { timeout: 15_000 }).toMatch(/^rent$/i);
    await app.screenshot('document-view-dark');

    // Next and previous follow the list's order.
    const titleAt = async (i: number) => order[i]!.match(/Lease|Receipt|Photo/)![0];
    const forward = leaseAt < order.length - 1;
    await page.keyboard.press(forward ? ']' : '[');
    const other = await titleAt(forward ? leaseAt + 1 : leaseAt - 1);
    await page.getByRole('dialog', { name: other }).waitFor();
    await page.keyboard.press(forward ? 'Alt+ArrowLeft' : 'Alt+ArrowRight');
    await page.getByRole('dialog', { name: 'Lease' }).waitFor();

    // The photo: shown as an image, zoomed like a page.
    const photoAt = order.findIndex((t) => t.includes('Photo'));
    for (let i = leaseAt; i !== photoAt; i += photoAt > leaseAt ? 1 : -1)
      await page
        .getByRole('dialog')
        .getByRole('button', { name: photoAt > leaseAt ? 'Next' : 'Previous', exact: true })
        .click();
    const photoView = page.getByRole('dialog', { name: 'Photo' });
    const img = photoView.getByRole('img', { name: 'Photo' });
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await photoView.getByRole('button', { name: 'Fit page' }).click();
    const before = await img.evaluate((i) => i.getBoundingClientRect().width);
    await photoView.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => img.evaluate((i) => i.getBoundingClientRect().width)).toBeGreaterThan(before + 20);
    // Turned a quarter, the landscape photo stands upright (its box on screen, not the file).
    await photoView.getByRole('button', { name: 'Rotate' }).click();
    await expect
      .poll(() => img.evaluate((i) => i.getBoundingClientRect().height > i.getBoundingClientRect().width))
      .toBe(true);
    await expectNoSeriousViolations(page);
  });
});
