/**
 * Dates in fields the way dates read everywhere else (issue 16: "dates in the
 * user's locale, never mm/dd/yyyy or ISO next to each other"): a document's
 * date shows as Intl writes it, is typed in the locale's order, a wrong one is
 * refused with the field's text kept and nothing saved, and German shows it
 * the German way.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture;

describe.skipIf(!hasChromium)('date fields', () => {
  beforeEach(async () => {
    app = await openApp();
    await createVaultThroughUi(app.page);
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('show, read and refuse days in the language of the window, never as the browser’s mm/dd/yyyy', async () => {
    const { page, host } = app;
    const vault = host.session.vault;
    const { id } = await vault.add({
      bytes: Buffer.from('lease'),
      name: 'lease.txt',
      createdAt: '2025-03-14T09:00:00Z',
    });
    host.session.emit('documents:changed', { ids: [] });
    await page.getByRole('listbox', { name: 'Results' }).getByRole('option').first().click();
    const details = page.getByRole('form', { name: 'Details' });
    const date = details.getByLabel('Date', { exact: true });
    await expect.poll(() => date.inputValue()).toBe('Mar 14, 2025');
    // No browser date field is shown anywhere: its mm/dd/yyyy would sit beside "Mar 14, 2025".
    expect(await page.locator('input[type="date"]:not(.date-field-native):visible').count()).toBe(0);

    // Typed the US way on this en-US host, saved on leaving the field.
    await date.fill('4/1/2025');
    await details.getByLabel('Title').focus();
    await expect.poll(() => date.inputValue()).toBe('Apr 1, 2025');
    await expect.poll(async () => (await host.session.vault.get(id)).createdAt.slice(0, 10)).toBe('2025-04-01');

    // Not a day: said, the text kept to correct, the stored date untouched.
    await date.fill('31/31/2025');
    await date.press('Enter');
    await details.getByRole('alert').getByText('Not a date. Type it like Jan 31, 2025.').waitFor();
    expect(await date.inputValue()).toBe('31/31/2025');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousViolations(page);
    await app.screenshot('dates-invalid');
    expect((await host.session.vault.get(id)).createdAt.slice(0, 10)).toBe('2025-04-01');

    // A month by name works too.
    await date.fill('2 May 2025');
    await date.press('Enter');
    await expect.poll(async () => (await host.session.vault.get(id)).createdAt.slice(0, 10)).toBe('2025-05-02');
    expect(await date.getAttribute('aria-invalid')).toBeNull();

    // German: the same day the German way, and typed the German way.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    await page.evaluate(() => localStorage.setItem('lockleaf.language', 'de'));
    await page.reload();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page
      .getByRole('navigation', { name: 'Orte' })
      .getByRole('button', { name: /^Alle Dokumente/ })
      .click();
    await page.getByRole('listbox').getByRole('option').first().click();
    const datum = page.getByRole('form', { name: 'Angaben' }).getByLabel('Datum', { exact: true });
    await expect.poll(() => datum.inputValue()).toBe('02.05.2025');
    await datum.fill('3.6.2025');
    await datum.press('Enter');
    await expect.poll(async () => (await host.session.vault.get(id)).createdAt.slice(0, 10)).toBe('2025-06-03');
  });
});
