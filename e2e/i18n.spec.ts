/**
 * Languages: English by default (the test host's Chromium says en-US), German and French chosen on the first-run
 * card or in Settings → Preferences, applied at once without reload, dates in the chosen language's way.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture | undefined;

/** The day as the document's pane shows it, in a language's way (30.11.2026, 30 nov. 2026, Nov 30, 2026). */
const day = (locale: string, date = new Date()) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);

describe.skipIf(!hasChromium)('languages', () => {
  afterEach(() => app?.close());
  afterAll(() => closeBrowser());

  it('English by default; Deutsch and Français apply at once to the library, Inbox and Settings; back to English', async () => {
    app = await openApp();
    const { page, host } = app;
    // The other specs' English selectors rely on this.
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // First run, in German: chosen on the card, nothing reloads (what was typed stays).
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Ihren Tresor anlegen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await page.getByLabel('Passphrase', { exact: true }).inputValue()).toBe(PASSPHRASE);
    await page.getByLabel('Passphrase wiederholen').fill(PASSPHRASE);
    await app.screenshot('i18n-de-first-run');
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Tresor anlegen' }).click();

    // The library, in German, with a document whose date is written the German way.
    await page.getByRole('button', { name: 'Dokumente hinzufügen…' }).waitFor();
    const { id } = await host.session.vault.add({
      bytes: Buffer.from('Rechnung 42'),
      name: 'rechnung.txt',
      title: 'Rechnung',
    });
    host.session.emit('documents:changed', { ids: [] });
    const added = new Date((await host.session.vault.get(id)).addedAt);
    await page.getByRole('option').filter({ hasText: 'Rechnung' }).click();
    const pane = page.getByRole('complementary', { name: /^Dokument / });
    await pane.getByText(`hinzugefügt am ${day('de', added)}`, { exact: false }).waitFor();
    expect(day('de', added)).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    await app.screenshot('i18n-de-library');
    await expectNoSeriousViolations(page);
  });
});
