/**
 * Browsing the library (issue 16, "Library"): the sidebar's places and facets
 * with counts filter the list, active filters are removable chips, the sidebar
 * collapses to a rail (remembered), the result count, the grid view, the
 * imports drawer, and the shortcuts dialog; axe clean throughout.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture;

const DOCS = [
  { title: 'Water bill March', created: '2024-03-02', type: 'Bill', correspondent: 'City Water', tags: ['home'] },
  {
    title: 'Electricity bill',
    created: '2024-05-10',
    type: 'Bill',
    correspondent: 'Power Co',
    tags: ['home', 'energy'],
  },
  { title: 'Appointment letter', created: '2023-11-20', type: 'Letter', correspondent: 'Clinic', tags: [] },
  { title: 'Annual statement', created: '2024-01-15', type: 'Statement', correspondent: 'Bank', tags: ['taxes'] },
  { title: 'Gas bill', created: '2023-12-01', type: 'Bill', correspondent: 'Power Co', tags: ['energy'] },
];

describe.skipIf(!hasChromium)('browsing the library', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('filters from the sidebar with counts, shows chips and the count, collapses, and shows a grid', async () => {
    const { page, host } = app;
    await createVaultThroughUi(page);
    for (const d of DOCS) {
      const { id } = await host.session.vault.add({
        bytes: Buffer.from(`${d.title} contents`),
        name: `${d.title}.txt`,
      });
      await host.session.vault.update(id, {
        title: d.title,
        createdAt: `${d.created}T00:00:00.000Z`,
        type: d.type,
        correspondent: d.correspondent,
      });
      if (d.tags.length) await host.session.vault.tag(id, d.tags);
    }
    host.session.emit('documents:changed', { ids: [] });
    const results = page.getByRole('listbox', { name: 'Results' });
    const titles = () => results.locator('.title').allTextContents();
    const count = page.locator('.result-count');
    await expect.poll(() => results.getByRole('option').count()).toBe(5);
    await expect.poll(() => count.textContent()).toBe('5 documents');

    // Places with counts; facets with counts.
    const sidebar = page.getByRole('complementary', { name: 'Sidebar' });
    const places = sidebar.getByRole('navigation', { name: 'Places' });
    await expect.poll(() => places.getByRole('button', { name: /^All documents/ }).textContent()).toMatch(/5$/);
    const types = sidebar.getByRole('list', { name: 'Types' });
    await expect.poll(() => types.getByRole('button').allTextContents()).toEqual(['Bill3', 'Letter1', 'Statement1']);
    const tags = sidebar.getByRole('list', { name: 'Tags' });
    await expect.poll(() => tags.getByRole('button').allTextContents()).toEqual(['energy2', 'home2', 'taxes1']);

    // A type, then a tag: both filter, both shown as chips, the count follows.
    await types.getByRole('button', { name: /^Bill/ }).click();
    await expect.poll(() => count.textContent()).toBe('3 documents');
    await tags.getByRole('button', { name: /^energy/ }).click();
    await expect.poll(() => count.textContent()).toBe('2 documents');
    await expect.poll(() => titles().then((t) => t.sort())).toEqual(['Electricity bill', 'Gas bill']);
    expect(await types.getByRole('button', { name: /^Bill/ }).getAttribute('aria-pressed')).toBe('true');
    const chips = page.getByRole('list', { name: 'Active filters' });
    expect(await chips.getByRole('listitem').allTextContents()).toEqual([
      'Type: Bill×',
      'Tag: energy×',
      'Clear filters',
    ]);
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-sidebar');

    // Removing the type's chip leaves the tag; clicking the tag again removes it.
    await chips.getByRole('button', { name: 'Remove filter Type: Bill' }).click();
    await expect.poll(() => count.textContent()).toBe('2 documents');
    await expect.poll(() => chips.getByRole('listitem').allTextContents()).toEqual(['Tag: energy×']);
    await tags.getByRole('button', { name: /^energy/ }).click();
    await expect.poll(() => count.textContent()).toBe('5 documents');
    await expect.poll(() => chips.count()).toBe(0);

    // Dates: a year (in the user's locale, with its count), then one of its months.
    const years = sidebar.getByRole('list', { name: 'Years' });
    await expect.poll(() => years.getByRole('button').allTextContents()).toEqual(['20243', '20232']);
    await years.getByRole('button', { name: /^2023/ }).click();
    await expect.poll(() => count.textContent()).toBe('2 documents');
    await sidebar
      .getByRole('list', { name: 'Months of 2023' })
      .getByRole('button', { name: /^December/ })
      .click();
    await expect.poll(titles).toEqual(['Gas bill']);
    await expect.poll(() => chips.getByRole('listitem').allTextContents()).toEqual(['Date: December 2023×']);
    await chips.getByRole('button', { name: 'Remove filter Date: December 2023' }).click();
    await expect.poll(() => count.textContent()).toBe('5 documents');

    // Saved views: save the current one; it is marked while it is on screen.
    await types.getByRole('button', { name: /^Bill/ }).click();
    await sidebar.getByRole('button', { name: 'Save current view' }).click();
    await sidebar.getByLabel('View name').fill('Bills');
    await sidebar.getByRole('button', { name: 'Save', exact: true }).click();
    await chips.getByRole('button', { name: 'Remove filter Type: Bill' }).click();
    const views = sidebar.getByRole('list', { name: 'Saved views' });
    const bills = views.getByRole('button', { name: 'Bills', exact: true });
    expect(await bills.getAttribute('aria-current')).toBeNull();
    await bills.click();
    await expect.poll(() => count.textContent()).toBe('3 documents');
    expect(await bills.getAttribute('aria-current')).toBe('true');
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('');
    await expect.poll(() => count.textContent()).toBe('5 documents');

    // Before the search field is "Skip to documents", which lands in the list; j and k move in it.
    await page.getByRole('searchbox', { name: 'Search documents' }).focus();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to documents');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Results');
    await results.getByRole('option').first().click();
    const current = () => results.locator('[aria-selected="true"] .title').textContent();
    const firstTitle = (await titles())[0];
    await page.keyboard.press('j');
    await expect.poll(current).toBe((await titles())[1]);
    await page.keyboard.press('k');
    await expect.poll(current).toBe(firstTitle);
    await page.keyboard.press('Escape');
    await expect.poll(() => results.locator('[aria-selected="true"]').count()).toBe(0);

    // Collapse to a rail: remembered after a reload.
    const listBox = async () => (await page.locator('section.list').boundingBox())!.width;
    const wide = await listBox();
    await sidebar.getByRole('button', { name: 'Hide sidebar' }).click();
    await expect.poll(listBox).toBeGreaterThan(wide + 100);
    await expect.poll(() => types.count()).toBe(0);
    // A reload starts the window afresh (main's vault stays open).
    await page.reload();
    await sidebar.getByRole('button', { name: 'Show sidebar' }).waitFor();
    expect(await types.count()).toBe(0);
    // The rail still has the places.
    await places.getByRole('button', { name: /^Trash/ }).waitFor();
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-rail');
    await sidebar.getByRole('button', { name: 'Show sidebar' }).click();
    await types.waitFor();
    // A window opened on a vault with documents starts at Home.
    await page.getByRole('heading', { name: 'Recently added' }).waitFor();
    await places.getByRole('button', { name: /^All documents/ }).click();

    // Grid: large thumbnails in rows, the same selection and keys, remembered.
    await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Grid' }).click();
    const cells = results.locator('.cell[role="option"]');
    await expect.poll(() => cells.count()).toBe(5);
    const sort = page.locator('.list-toolbar').getByLabel('Sort');
    await sort.selectOption('title');
    await expect
      .poll(titles)
      .toEqual(['Annual statement', 'Appointment letter', 'Electricity bill', 'Gas bill', 'Water bill March']);
    const first = await cells.nth(0).boundingBox();
    const second = await cells.nth(1).boundingBox();
    // Side by side, not stacked.
    expect(second!.y).toBe(first!.y);
    await cells.nth(0).click();
    await expect.poll(() => cells.nth(0).getAttribute('aria-selected')).toBe('true');
    await results.press('ArrowRight');
    await expect.poll(() => cells.nth(1).getAttribute('aria-selected')).toBe('true');
    await cells.nth(3).click({ modifiers: ['Control'] });
    await results.press('Space');
    await expect.poll(() => results.locator('[aria-checked="true"]').count()).toBe(2);
    await page.getByRole('toolbar', { name: 'Selected documents' }).getByText('2 selected').waitFor();
    // A document without a thumbnail shows its kind of file instead of an empty frame.
    expect(await cells.nth(0).locator('.cell-kind').textContent()).toBe('TXT');
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-grid');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-grid-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Escape');
    // Escape: first the open document, then the selection.
    await expect.poll(() => results.locator('[aria-selected="true"]').count()).toBe(0);
    expect(await results.locator('[aria-checked="true"]').count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => results.locator('[aria-checked="true"]').count()).toBe(0);
  });

  it('shows imports in a drawer while files are read, and the shortcuts on ?', async () => {
    const { page } = app;
    await createVaultThroughUi(page);
    const drawer = page.getByRole('complementary', { name: 'Import queue' });
    expect(await drawer.count()).toBe(0);
    // Longer than the drawer is wide, even at 1920 px.
    const long = `${'A very long file name of a scanned contract that goes on and on '.repeat(3)}past the drawer.pdf`;
    await dropFiles(page, [
      { name: long, type: 'application/pdf', bytes: await textPdf([['Garden contract'], ['Signed']]) },
      { name: 'letter.pdf', type: 'application/pdf', bytes: await textPdf([['A letter']]) },
      { name: 'receipt.pdf', type: 'application/pdf', bytes: await textPdf([['A receipt']]) },
    ]);
    await drawer.getByText(/ of 3 read$/).waitFor();
    await expect.poll(() => drawer.locator('.imports-summary').textContent(), { timeout: 60_000 }).toBe('3 of 3 read');
    // All read, none failed: folded to its one line; Expand shows the files again.
    await expect.poll(() => drawer.locator('.jobs').count()).toBe(0);
    await drawer.getByRole('button', { name: 'Expand' }).click();
    const name = drawer.getByText(long);
    expect(await name.getAttribute('title')).toBe(long);
    // Truncated: the name is cut (with an ellipsis) and its row stays inside the drawer.
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const row = (await name.boundingBox())!;
    const box = (await drawer.boundingBox())!;
    expect(row.x + row.width).toBeLessThanOrEqual(box.x + box.width);
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-imports');

    // Collapse keeps the summary; Escape inside it collapses it too.
    await drawer.getByRole('button', { name: 'Collapse' }).click();
    expect(await drawer.locator('.jobs').count()).toBe(0);
    await drawer.getByRole('button', { name: 'Expand' }).click();
    await drawer.locator('.jobs').waitFor();
    await drawer.getByRole('button', { name: 'Collapse' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.locator('.jobs').count()).toBe(0);

    // The list has the width while no document is open: no empty pane beside it.
    expect(await page.locator('aside.pane').count()).toBe(0);

    await drawer.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => drawer.count()).toBe(0);

    // "?" shows the shortcuts; Escape closes them.
    await page.getByRole('listbox', { name: 'Results' }).focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await dialog.getByText('Check every document in the list').waitFor();
    await expectNoSeriousViolations(page);
    await app.screenshot('browse-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });
});
