/**
 * Languages: English by default (the test host's Chromium says en-US, and the other specs' selectors are English),
 * German and French chosen on the first-run card or in Settings → General, applied at once without reload and kept
 * across lock and reload; dates in the chosen language's way.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture | undefined;

/** A day in a language's way (30.11.2026, 30 nov. 2026, Nov 30, 2026); document dates are UTC days. */
const day = (locale: string, date: Date, timeZone?: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date);

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);
/** A place in the sidebar by its (translated) name, whatever count follows it. */
const place = (page: Page, places: string, name: string) =>
  page.getByRole('navigation', { name: places }).getByRole('button', { name: new RegExp(`^${name}`) });

describe.skipIf(!hasChromium)('languages', () => {
  afterEach(() => app?.close());
  afterAll(() => closeBrowser());

  it('English by default; Deutsch and Français apply at once to the library, Inbox and Settings; back to English', async () => {
    app = await openApp();
    const { page, host } = app;
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    expect(await lang(page)).toBe('en');

    // First run, in German: chosen on the card; nothing reloads (what was typed stays).
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Ihren Tresor anlegen' }).waitFor();
    expect(await lang(page)).toBe('de');
    expect(await page.getByLabel('Passphrase', { exact: true }).inputValue()).toBe(PASSPHRASE);
    await page.getByLabel('Passphrase wiederholen').fill(PASSPHRASE);
    await app.screenshot('i18n-de-first-run');
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Tresor anlegen' }).click();

    // The library in German, a document's dates the German way (list and pane).
    await page.getByRole('button', { name: 'Dokumente hinzufügen…' }).waitFor();
    const { id } = await host.session.vault.add({
      bytes: Buffer.from('Rechnung 42'),
      name: 'rechnung.txt',
      title: 'Rechnung',
    });
    host.session.emit('documents:changed', { ids: [] });
    const doc = await host.session.vault.get(id);
    const created = new Date(doc.createdAt);
    expect(day('de', created, 'UTC')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    const row = page.getByRole('listbox', { name: 'Ergebnisse' }).getByRole('option').filter({ hasText: 'Rechnung' });
    await row.getByText(day('de', created, 'UTC')).waitFor();
    await page.getByText('1 Dokument', { exact: true }).waitFor();
    await row.click();
    const pane = page.getByRole('complementary', { name: 'Dokument Rechnung' });
    await pane.getByText(`hinzugefügt am ${day('de', new Date(doc.addedAt))}`, { exact: false }).waitFor();
    await app.screenshot('i18n-de-library');
    await expectNoSeriousViolations(page);

    await place(page, 'Orte', 'Eingang').click();
    await page.getByRole('heading', { name: 'Der Eingang ist leer' }).waitFor();
    await app.screenshot('i18n-de-inbox');

    // Settings in German; French chosen there applies at once, Settings stays open where it was.
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await page.getByRole('heading', { name: 'Allgemein' }).waitFor();
    await page.getByRole('form', { name: 'Voreinstellungen' }).waitFor();
    await app.screenshot('i18n-de-settings');
    await expectNoSeriousViolations(page);
    await page.getByLabel('Sprache').selectOption('fr');
    await page.getByRole('heading', { name: 'Général' }).waitFor();
    await page.getByRole('form', { name: 'Préférences' }).waitFor();
    expect(await lang(page)).toBe('fr');
    await app.screenshot('i18n-fr-settings');
    await expectNoSeriousViolations(page);

    // The library and the Inbox in French, the date the French way.
    await page.getByRole('button', { name: /Retour à la bibliothèque/ }).click();
    await place(page, 'Emplacements', 'Tous les documents').click();
    const rowFr = page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').filter({ hasText: 'Rechnung' });
    await rowFr.getByText(day('fr', created, 'UTC')).waitFor();
    await app.screenshot('i18n-fr-library');
    await expectNoSeriousViolations(page);
    await place(page, 'Emplacements', 'Boîte de réception').click();
    await page.getByRole('heading', { name: 'La boîte de réception est vide' }).waitFor();
    await app.screenshot('i18n-fr-inbox');

    // Kept on this device: locked, reloaded, the unlock screen is still French.
    await page.getByRole('button', { name: 'Verrouiller' }).click();
    await page.getByRole('heading', { name: 'Déverrouiller Lockleaf' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Déverrouiller Lockleaf' }).waitFor();
    await page.getByLabel('Phrase secrète', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Déverrouiller', exact: true }).click();

    // Back to English, then to the system's language (English here): the window is English again.
    await page.getByRole('button', { name: 'Réglages' }).click();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'General' }).waitFor();
    expect(await lang(page)).toBe('en');
    await page.getByLabel('Language').selectOption('system');
    expect(await page.evaluate(() => localStorage.getItem('lockleaf.language'))).toBeNull();
    await page.getByRole('button', { name: 'Back to library' }).click();
    await place(page, 'Places', 'All documents').click();
    await page
      .getByRole('listbox', { name: 'Results' })
      .getByText(day('en-US', created, 'UTC'))
      .waitFor();
  });
});
