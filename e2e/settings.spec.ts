/** Settings: preferences saved in the vault, and exporting everything with progress. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';

let app: AppFixture | undefined;
let target: string | undefined;

describe.skipIf(!hasChromium)('settings', () => {
  afterEach(async () => {
    await app?.close();
    if (target) await rm(target, { recursive: true, force: true });
  });
  afterAll(() => closeBrowser());

  it('saves auto-lock, OCR languages, trash retention and tray titles, and exports all data', async () => {
    target = await mkdtemp(join(tmpdir(), 'lockleaf-export-'));
    app = await openApp({ session: { chooseDirectory: async () => target } });
    const { page, host } = app;
    await createVaultThroughUi(page);
    await host.session.vault.add({ bytes: Buffer.from('exported bytes'), name: 'note.pdf' });

    await page.getByRole('button', { name: 'Settings' }).click();
    const prefs = page.getByRole('form', { name: 'Preferences' });
    await prefs.getByLabel('Lock after this many idle minutes').fill('5');
    // A new vault reads the system's language and English; tick both others, then untick them.
    await prefs.getByLabel('German').check();
    await prefs.getByLabel('French').check();
    await expect.poll(() => prefs.getByLabel('English').isDisabled()).toBe(false);
    await prefs.getByLabel('French').uncheck();
    await prefs.getByLabel('German').uncheck();
    // The last language cannot be unticked: OCR needs one.
    await expect.poll(() => prefs.getByLabel('English').isDisabled()).toBe(true);
    await prefs.getByLabel('Keep trashed documents for this many days').fill('14');
    await prefs.getByLabel('Show document titles in the tray menu').uncheck();
    await prefs.getByLabel('Remind me of due and expiry dates this many days ahead').fill('30');
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    await prefs.getByRole('status').filter({ hasText: 'Preferences saved.' }).waitFor();
    expect(host.session.openSettings()).toEqual({
      autoLockMinutes: 5,
      ocrLanguages: ['eng'],
      trashRetentionDays: 14,
      trayShowTitles: false,
      ocrWorkers: null,
      reminderDays: 30,
    });
    await page.getByRole('button', { name: 'Back to library' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => prefs.getByLabel('Lock after this many idle minutes').inputValue()).toBe('5');

    const exportArea = page.getByRole('region', { name: 'Export' });
    await exportArea.getByRole('button', { name: 'Export all data…' }).click();
    await exportArea
      .getByRole('status')
      .filter({ hasText: /Exported 1 document to / })
      .waitFor();
    const [folder] = await readdir(target);
    expect(folder).toMatch(/^Lockleaf export /);
    expect(await readdir(join(target, folder!), { recursive: true })).toContain('manifest.json');
    await app.screenshot('12-preferences-export');
  });
});
