/**
 * Filing at scale from the library: filters from the sidebar's facets, sort,
 * saved views, and multi-select with bulk tag, type, trash and restore.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { place } from './page-helpers.js';

let app: AppFixture;

describe.skipIf(!hasChromium)('library filters, views and bulk actions', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('filters, sorts, saves a view, and tags, types, trashes and restores several documents at once', async () => {
    const { page, host } = app;
    await createVaultThroughUi(page);
    const docs = [
      { title: 'Water bill March', created: '2024-03-02', type: 'Bill', correspondent: 'City Water' },
      { title: 'Electricity bill', created: '2024-05-10', type: 'Bill', correspondent: 'Power Co' },
      { title: 'Appointment letter', created: '2023-11-20', type: 'Letter', correspondent: 'Clinic' },
      { title: 'Annual statement', created: '2024-01-15', type: 'Statement', correspondent: 'Bank' },
    ];
    for (const d of docs) {
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
    }
    host.session.emit('documents:changed', { ids: [] });
    const results = page.getByRole('listbox', { name: 'Results' });
    const titles = () => results.locator('.title').allTextContents();
    await expect.poll(() => results.getByRole('option').count()).toBe(4);

    const sidebar = page.getByRole('complementary', { name: 'Sidebar' });
    const facet = (list: string, name: string) =>
      sidebar.getByRole('list', { name: list }).getByRole('button', { name: new RegExp(`^${name}`) });
    const sort = page.getByRole('combobox', { name: 'Sort' });
    const chips = page.getByRole('list', { name: 'Active filters' });
    await facet('Types', 'Bill').click();
    await sort.selectOption('title');
    await expect.poll(titles).toEqual(['Electricity bill', 'Water bill March']);
    await sort.selectOption('created');
    await expect.poll(titles).toEqual(['Electricity bill', 'Water bill March']);
    // A date: the year, then one of its months.
    await facet('Years', '2024').click();
    await sidebar
      .getByRole('list', { name: 'Months of 2024' })
      .getByRole('button', { name: /^March/ })
      .click();
    await expect.poll(titles).toEqual(['Water bill March']);
    await chips.getByRole('button', { name: /^Remove filter Date/ }).click();
    await expect.poll(titles).toEqual(['Electricity bill', 'Water bill March']);

    await sidebar.getByRole('button', { name: 'Save current view' }).click();
    await sidebar.getByLabel('View name').fill('Bills');
    await sidebar.getByRole('button', { name: 'Save', exact: true }).click();
    await chips.getByRole('button', { name: 'Remove filter Type: Bill' }).click();
    await expect.poll(() => results.getByRole('option').count()).toBe(4);
    await sidebar
      .getByRole('list', { name: 'Saved views' })
      .getByRole('button', { name: 'Bills', exact: true })
      .click();
    await expect.poll(titles).toEqual(['Electricity bill', 'Water bill March']);
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search documents' }).inputValue()).toBe('type:"Bill"');
    await sidebar.getByRole('button', { name: 'Delete view “Bills”' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('');

    // Multi-select: a checkbox, then shift-click extends the range.
    await sort.selectOption('title');
    await expect
      .poll(titles)
      .toEqual(['Annual statement', 'Appointment letter', 'Electricity bill', 'Water bill March']);
    await results.locator('.pick[data-title="Annual statement"]').click();
    await results
      .getByRole('option')
      .filter({ hasText: 'Electricity bill' })
      .click({ modifiers: ['Shift'] });
    const bulk = page.getByRole('toolbar', { name: 'Selected documents' });
    await bulk.getByText('3 selected').waitFor();
    await bulk.getByLabel('Tag all').fill('2024 taxes');
    await bulk.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect
      .poll(() => sidebar.getByRole('list', { name: 'Tags' }).getByRole('button').allTextContents())
      .toEqual(['2024 taxes3']);
    await bulk.getByLabel('Set type').fill('Paperwork');
    await bulk.getByRole('button', { name: 'Set', exact: true }).click();
    await expect
      .poll(() => sidebar.getByRole('list', { name: 'Types' }).getByRole('button').allTextContents())
      .toEqual(['Bill1', 'Paperwork3']);
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await app.screenshot('10-bulk-selection');

    await bulk.getByRole('button', { name: 'Move 3 to trash' }).click();
    await expect.poll(titles).toEqual(['Water bill March']);
    await place(page, 'Trash').click();
    await expect.poll(() => results.getByRole('option').count()).toBe(3);
    await results.getByRole('option').filter({ hasText: 'Annual statement' }).click();
    // Keyboard: Space checks the current document, arrows move.
    await results.press('Space');
    await results.press('ArrowDown');
    await results.press('Space');
    await results.press('ArrowDown');
    await results.press('Space');
    await expect.poll(() => results.locator('[role="option"][aria-checked="true"]').count()).toBe(3);
    await bulk.getByRole('button', { name: 'Restore 3' }).click();
    await expect.poll(() => results.getByRole('option').count()).toBe(0);
    await place(page, 'All documents').click();
    await expect.poll(() => results.getByRole('option').count()).toBe(4);

    // Keyboard: Delete (in the list) trashes the open document; Enter goes into the next one.
    await results.getByRole('option').filter({ hasText: 'Water bill March' }).click();
    await expect.poll(() => page.locator('aside.pane h2').textContent()).toBe('Water bill March');
    await results.press('Delete');
    await expect.poll(titles).toEqual(['Annual statement', 'Appointment letter', 'Electricity bill']);
    // The selection moved to the previous document (Water bill was the last); wait until its pane shows it.
    await expect.poll(() => page.locator('aside.pane h2').textContent()).toBe('Electricity bill');
    await results.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Electricity bill');
  });
});
