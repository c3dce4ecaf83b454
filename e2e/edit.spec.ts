/**
 * Deleting, editing and adding without losing anything: Empty trash asks
 * first; Delete says "Moved to trash" with Undo and moves to the next
 * document; the trash shows when each document goes for good, restores per
 * row, and is read-only; details save themselves (blur, pause, switching
 * documents); "Add documents…" queues what the host's chooser answers.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations, place } from './page-helpers.js';

let app: AppFixture;
/** What the host's file chooser answers next ("Add documents…"). */
let chosen: string[] | undefined;

/** Documents added straight into the vault, oldest first (the list shows the newest first). */
async function addDocs(titles: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const title of titles) {
    const { id } = await app.host.session.vault.add({ bytes: Buffer.from(`${title} contents`), name: `${title}.txt` });
    await app.host.session.vault.update(id, { title });
    ids[title] = id;
  }
  app.host.session.emit('documents:changed', { ids: [] });
  return ids;
}

const results = () => app.page.getByRole('listbox', { name: 'Results' });
const titles = () => results().locator('.title').allTextContents();
const openTitle = () => app.page.locator('aside.pane h2').textContent();

describe.skipIf(!hasChromium)('deleting, unsaved edits and adding documents', () => {
  beforeEach(async () => {
    chosen = undefined;
    app = await openApp({ session: { chooseFiles: async () => chosen } });
    await createVaultThroughUi(app.page);
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('Empty trash asks first, Cancel (the default) keeps everything, confirming purges', async () => {
    const { page, host } = app;
    const ids = await addDocs(['Old lease', 'Gym contract', 'Kept letter']);
    await host.session.vault.trash(ids['Old lease']!, ids['Gym contract']!);
    host.session.emit('documents:changed', { ids: [] });
    await place(page, 'Trash').click();
    await expect.poll(() => results().getByRole('option').count()).toBe(2);

    await page.getByRole('button', { name: 'Empty trash' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Empty the trash?' });
    await dialog.getByText('2 documents in the trash will be deleted').waitFor();
    // The default button is Cancel: Enter on the dialog as it opens destroys nothing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await expectNoSeriousViolations(page);
    await app.screenshot('edit-01-empty-trash-confirm');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await host.session.vault.list({ scope: 'trash' })).toHaveLength(2);
    await expect.poll(() => results().getByRole('option').count()).toBe(2);

    await page.getByRole('button', { name: 'Empty trash' }).click();
    await dialog.getByRole('button', { name: 'Delete 2 documents for good' }).click();
    await expect.poll(() => results().getByRole('option').count()).toBe(0);
    expect(await host.session.vault.list({ scope: 'trash' })).toHaveLength(0);
    expect((await host.session.vault.list()).map((d) => d.title)).toEqual(['Kept letter']);
  });

  it('Delete says "Moved to trash" with Undo, which restores; the selection moves to the next document', async () => {
    const { page, host } = app;
    const ids = await addDocs(['Alpha receipt', 'Bravo invoice', 'Charlie scan']);
    await expect.poll(titles).toEqual(['Charlie scan', 'Bravo invoice', 'Alpha receipt']);
    await results().getByRole('option').filter({ hasText: 'Bravo invoice' }).click();
    await expect.poll(openTitle).toBe('Bravo invoice');
    await results().press('Delete');
    const toast = page.getByRole('status').filter({ hasText: 'Moved to trash' });
    await toast.waitFor();
    await expect.poll(titles).toEqual(['Charlie scan', 'Alpha receipt']);
    // The next one down is open and selected, so Delete again goes on through the list.
    await expect.poll(openTitle).toBe('Alpha receipt');
    await expect.poll(() => results().locator('[aria-selected="true"] .title').textContent()).toBe('Alpha receipt');
    await app.screenshot('edit-02-moved-to-trash');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(titles).toEqual(['Charlie scan', 'Bravo invoice', 'Alpha receipt']);
    expect((await host.session.vault.get(ids['Bravo invoice']!)).deletedAt).toBeNull();
    await expect.poll(openTitle).toBe('Bravo invoice');

    // At the end of the list the selection moves up instead; the pane's Delete works the same.
    await results().getByRole('option').filter({ hasText: 'Alpha receipt' }).click();
    await expect.poll(openTitle).toBe('Alpha receipt');
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(titles).toEqual(['Charlie scan', 'Bravo invoice']);
    await expect.poll(openTitle).toBe('Bravo invoice');
    expect((await host.session.vault.get(ids['Alpha receipt']!)).deletedAt).not.toBeNull();
  });

  it('trash rows show when each goes for good and restore per row; a trashed document is read-only', async () => {
    const { page, host } = app;
    await host.session.updateSettings({ trashRetentionDays: 7 });
    const ids = await addDocs(['Expired warranty', 'Old payslip']);
    await host.session.vault.trash(ids['Expired warranty']!, ids['Old payslip']!);
    host.session.emit('documents:changed', { ids: [] });
    await place(page, 'Trash').click();
    const deletedAt = (await host.session.vault.get(ids['Old payslip']!)).deletedAt!;
    // The date in the page's own locale, as Intl writes it there.
    const expected = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(
          new Date(new Date(at).getTime() + 7 * 24 * 60 * 60 * 1000),
        ),
      deletedAt,
    );
    const row = results().getByRole('option').filter({ hasText: 'Old payslip' });
    await row.getByText(`Deleted for good on ${expected}`).waitFor();

    await row.click();
    const pane = page.getByRole('complementary', { name: 'Document Old payslip' });
    await pane.getByText('Read-only while in the trash: restore it to change its details or tags.').waitFor();
    expect(await pane.getByLabel('Title').isDisabled()).toBe(true);
    expect(await pane.getByLabel('Notes').isDisabled()).toBe(true);
    expect(await pane.getByLabel('Add tag').count()).toBe(0);
    await expectNoSeriousViolations(page);
    await app.screenshot('edit-03-trash-rows');

    await row.locator('.row-restore').click();
    await expect.poll(titles).toEqual(['Expired warranty']);
    expect((await host.session.vault.get(ids['Old payslip']!)).deletedAt).toBeNull();
    await page.getByRole('status').filter({ hasText: 'Restored' }).waitFor();
  });

  it('saves details without a button: notes typed before opening another document, a title on blur', async () => {
    const { page, host } = app;
    const ids = await addDocs(['Tax letter', 'Car insurance']);
    await results().getByRole('option').filter({ hasText: 'Tax letter' }).click();
    const letter = page.getByRole('complementary', { name: 'Document Tax letter' });
    await letter.getByLabel('Notes').waitFor();
    expect(await letter.getByRole('button', { name: 'Save details' }).count()).toBe(0);
    await letter.getByLabel('Notes').fill('Call the office on Tuesday');
    // Straight to another document, no blur, no waiting.
    await results().getByRole('option').filter({ hasText: 'Car insurance' }).click();
    await expect
      .poll(async () => (await host.session.vault.get(ids['Tax letter']!)).notes)
      .toBe('Call the office on Tuesday');

    const insurance = page.getByRole('complementary', { name: 'Document Car insurance' });
    await insurance.getByLabel('Title').fill('Car insurance 2026');
    await insurance.getByLabel('Title').press('Tab');
    await insurance
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect((await host.session.vault.get(ids['Car insurance']!)).title).toBe('Car insurance 2026');
    await expect.poll(titles).toContain('Car insurance 2026');
    await app.screenshot('edit-04-saved');

    await results().getByRole('option').filter({ hasText: 'Tax letter' }).click();
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Document Tax letter' }).getByLabel('Notes').inputValue())
      .toBe('Call the office on Tuesday');
  });

  it('offers the names in use while typing a correspondent, type or tag, so one shop does not become two', async () => {
    const { page, host } = app;
    const ids = await addDocs(['Laptop invoice', 'Phone case receipt']);
    await host.session.vault.update(ids['Laptop invoice']!, { correspondent: 'Coolblue', type: 'Invoice' });
    await host.session.vault.tag(ids['Laptop invoice']!, ['electronics']);
    host.session.emit('documents:changed', { ids: [] });
    await results().getByRole('option').filter({ hasText: 'Phone case receipt' }).click();
    const pane = page.getByRole('complementary', { name: 'Document Phone case receipt' });
    const offered = async (label: string) =>
      pane
        .getByLabel(label, { exact: true })
        .evaluate((input) => [...((input as HTMLInputElement).list?.options ?? [])].map((o) => o.value));
    await expect.poll(() => offered('Correspondent')).toEqual(['Coolblue']);
    expect(await offered('Type')).toEqual(['Invoice']);
    expect(await offered('Add tag')).toEqual(['electronics']);
  });

  it('"Add documents…" queues the file the chooser answers, and it appears in the library', async () => {
    const { page, host } = app;
    const file = join(app.dataDir, 'Water bill March.pdf');
    await writeFile(file, await textPdf([['Water bill for March, total 42.10']]));
    chosen = [file];
    await page.getByRole('button', { name: 'Add documents…' }).click();
    await page.getByRole('status').filter({ hasText: '1 document added' }).waitFor();
    await results().getByRole('option').filter({ hasText: 'Water bill March' }).waitFor();
    await page.getByRole('complementary', { name: 'Import queue' }).getByText('Water bill March.pdf').waitFor();
    expect((await host.session.vault.list()).map((d) => d.originalName)).toEqual(['Water bill March.pdf']);
    await app.screenshot('edit-05-add-documents');

    // The same file again is a duplicate, said by name; cancelling the dialog changes nothing.
    await page.getByRole('button', { name: 'Add documents…' }).click();
    await page.getByRole('status').filter({ hasText: 'Water bill March.pdf is already in the vault' }).waitFor();
    chosen = undefined;
    await page.getByRole('button', { name: 'Add documents…' }).click();
    expect(await host.session.vault.list()).toHaveLength(1);
  });
});
