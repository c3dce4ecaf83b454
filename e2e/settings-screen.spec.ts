/**
 * Settings as its own screen (issue 16): the theme (kept on the device, applied before unlock), the
 * security actions the CLI has (change passphrase, rotate keys, audit check), and Home's figures.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture | undefined;

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const DARK_BG = 'rgb(17, 19, 24)';
const LIGHT_BG = 'rgb(247, 247, 245)';

async function openSection(page: Page, name: string): Promise<void> {
  const button = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name, exact: true });
  await button.click();
  await expect.poll(() => button.getAttribute('aria-current')).toBe('page');
}

/** Screenshots at both sizes the issue names. */
async function shoot(name: string): Promise<void> {
  const { page } = app!;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app!.screenshot(`${name}-1920`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await app!.screenshot(`${name}-1280`);
}

describe.skipIf(!hasChromium)('settings screen and home', () => {
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => closeBrowser());

  it('Dark theme applies at once, survives lock and unlock (the unlock screen too), and System follows the system', async () => {
    app = await openApp({ colorScheme: 'light' });
    const { page } = app;
    await createVaultThroughUi(page);
    expect(await background(page)).toBe(LIGHT_BG);
    await page.getByRole('button', { name: 'Settings' }).click();
    // Every section, light: axe clean, and a look at each.
    for (const [name, file] of [
      ['General', 'general'],
      ['Mailboxes', 'mailboxes'],
      ['Sync', 'sync'],
      ['AI', 'ai'],
      ['Danger zone', 'danger'],
    ] as const) {
      await openSection(page, name);
      await expectNoSeriousViolations(page);
      await app.screenshot(`settings-${file}-light-1280`);
    }
    await openSection(page, 'Appearance');
    await page.getByLabel('Dark').check();
    await expect.poll(() => background(page)).toBe(DARK_BG);
    await expectNoSeriousViolations(page);
    await shoot('settings-appearance-dark');

    await page.getByRole('button', { name: 'Back to library' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    expect(await background(page)).toBe(DARK_BG);
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    expect(await background(page)).toBe(DARK_BG);
    await expectNoSeriousViolations(page);
    await app.screenshot('settings-unlock-dark');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await openSection(page, 'Appearance');
    expect(await page.getByLabel('Dark').isChecked()).toBe(true);
    // System: the browser here says light.
    await page.getByLabel('System').check();
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    // Escape returns to the library.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('navigation', { name: 'Settings sections' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Places' }).waitFor();
  });

  it('Light overrides a dark system, on the unlock screen too', async () => {
    app = await openApp({ colorScheme: 'dark' });
    const { page } = app;
    await createVaultThroughUi(page);
    expect(await background(page)).toBe(DARK_BG);
    await page.getByRole('button', { name: 'Settings' }).click();
    await openSection(page, 'Appearance');
    await page.getByLabel('Light').check();
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    // A new page (the vault stays open in main), then the unlock screen.
    await page.reload();
    await page.getByRole('navigation', { name: 'Places' }).waitFor();
    expect(await background(page)).toBe(LIGHT_BG);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    expect(await background(page)).toBe(LIGHT_BG);
    await expectNoSeriousViolations(page);
  });

  it('changes the passphrase (a wrong current one says so), rotates keys and checks the audit log', async () => {
    app = await openApp();
    const { page, host } = app;
    await createVaultThroughUi(page);
    await host.session.vault.add({ bytes: await textPdf([['Tenancy agreement']]), name: 'tenancy.pdf' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await openSection(page, 'Security');
    await expectNoSeriousViolations(page);
    await shoot('settings-security-light');

    const form = page.getByRole('form', { name: 'Change passphrase' });
    const NEW = 'an even longer and lovelier passphrase';
    await form.getByLabel('Current passphrase').fill('not my passphrase');
    await form.getByLabel('New passphrase', { exact: true }).fill(NEW);
    await form.getByLabel('Repeat new passphrase').fill(NEW);
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await form.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
    // Nothing typed is lost: fix the one field and try again.
    expect(await form.getByLabel('Repeat new passphrase').inputValue()).toBe(NEW);
    await form.getByLabel('Current passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await form.getByRole('status').filter({ hasText: 'Passphrase changed.' }).waitFor();

    const rotate = page.getByRole('region', { name: 'Rotate keys' });
    await rotate.getByRole('button', { name: 'Rotate keys' }).click();
    await rotate
      .getByRole('status')
      .filter({ hasText: /Keys rotated: 1 item re-encrypted under key version 2\./ })
      .waitFor();
    const audit = page.getByRole('region', { name: 'Audit log' });
    await audit.getByRole('button', { name: 'Check the audit log' }).click();
    await audit
      .getByRole('status')
      .filter({ hasText: /The audit log is intact: \d+ entries/ })
      .waitFor();
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await expectNoSeriousViolations(page);
    await shoot('settings-security-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));

    await page.getByRole('region', { name: 'Lock' }).getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Places' }).waitFor();
  });

  it('Home shows the recent document after a drop, the Inbox count, and the storage figures', async () => {
    app = await openApp();
    const { page } = app;
    await createVaultThroughUi(page);
    const pdf = await textPdf([['Electricity invoice for March, due 2099-04-30'], ['Second page']]);
    await dropFiles(page, [{ name: 'electricity.pdf', type: 'application/pdf', bytes: pdf }]);
    await page.getByRole('navigation', { name: 'Places' }).getByRole('button', { name: /^Home/ }).click();
    const home = page.getByRole('region', { name: 'Home' });
    const recent = home.getByRole('region', { name: 'Recently added' });
    await recent.getByRole('button', { name: /electricity/ }).waitFor({ timeout: 60_000 });
    const storage = home.getByRole('region', { name: 'Storage' });
    // The pages count once the file is read (the document is listed as soon as it is queued).
    await expect
      .poll(() => storage.getByRole('definition').allTextContents(), { timeout: 60_000 })
      .toEqual(['1', '2', expect.stringMatching(/^\d+(\.\d)? kB$/)]);
    expect(await storage.getByRole('term').allTextContents()).toEqual(['Document', 'Pages', 'Vault size on disk']);
    await home.getByRole('region', { name: 'Inbox' }).getByRole('button', { name: 'Open the Inbox' }).waitFor();
    await expectNoSeriousViolations(page);
    await shoot('home-light');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await expectNoSeriousViolations(page);
    await shoot('home-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    // A recent document opens.
    await recent.getByRole('button', { name: /electricity/ }).click();
    await page
      .getByRole('heading', { name: /electricity/ })
      .first()
      .waitFor();
  });
});
