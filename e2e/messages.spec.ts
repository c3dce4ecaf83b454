/**
 * Messages and the password-protected PDF (issue 16, "Defects to fix first"):
 * the drop messages close (button, Escape) and a duplicate's opens the existing
 * copy; the first-run form speaks only when there is something to say, rates a
 * common password weak in red and can show what was typed; wrong passphrases
 * show the wait they start; a protected PDF is badged in the list and read with
 * the password typed in Imports.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptedPdf, textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations } from './page-helpers.js';

let app: AppFixture;

const isFocused = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement);

describe.skipIf(!hasChromium)('messages', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('first run: no "Too short" before typing, says why a short passphrase is refused, "password" is weak and red, show toggle', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    expect(await page.getByText(/too short/i).count()).toBe(0);

    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /too short: use at least 8 characters/i })
      .waitFor();
    await expect.poll(() => isFocused(page, 'Passphrase')).toBe(true);

    await page.getByLabel('Passphrase', { exact: true }).fill('password');
    const meter = page.getByRole('meter', { name: 'Passphrase strength' });
    await expect.poll(() => meter.getAttribute('aria-valuetext')).toMatch(/^Weak/);
    // The bar and the words are the same red (the theme's danger colour), not green.
    const colours = await page.evaluate(() => {
      const danger = getComputedStyle(document.documentElement).getPropertyValue('--danger').trim();
      const probe = document.createElement('span');
      probe.style.color = danger;
      document.body.append(probe);
      const red = getComputedStyle(probe).color;
      probe.remove();
      return {
        red,
        bar: getComputedStyle(document.querySelector('.strength-bar > span')!).backgroundColor,
        label: getComputedStyle(document.querySelector('.strength-label')!).color,
      };
    });
    expect(colours.bar).toBe(colours.red);
    expect(colours.label).toBe(colours.red);
    const [r, g] = colours.red.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(g! * 2);
    await app.screenshot('40-first-run-weak');

    const show = page.getByRole('button', { name: 'Show passphrase' });
    expect(await show.getAttribute('aria-pressed')).toBe('false');
    await show.click();
    expect(await show.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Passphrase', { exact: true }).getAttribute('type')).toBe('text');
    expect(await page.getByLabel('Repeat passphrase').getAttribute('type')).toBe('text');
    await page.getByLabel('Passphrase', { exact: true }).fill('a long and lovely passphrase');
    await expect.poll(() => meter.getAttribute('aria-valuetext')).toBe('Strong');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /passphrases differ/i })
      .waitFor();
    await expect.poll(() => isFocused(page, 'Repeat passphrase')).toBe(true);
    await expectNoSeriousViolations(app.page);
    await app.screenshot('41-first-run-shown');
  });

  it('after three wrong passphrases shows the wait, counting down, with Unlock disabled', async () => {
    const { page } = app;
    await createVaultThroughUi(page);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    // The window's clock stands still (its timers still run), so the countdown is seen without racing it.
    const now = Date.now();
    await page.clock.setFixedTime(now);
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Passphrase', { exact: true }).fill(`wrong guess ${i}`);
      await unlock.click();
      await page
        .getByRole('alert')
        .filter({ hasText: /wrong passphrase/i })
        .waitFor();
      await expect.poll(() => unlock.isEnabled()).toBe(true);
      // Wait for this attempt to have ended before the next (the alert is the same text each time).
      await page.getByLabel('Passphrase', { exact: true }).fill('');
    }
    expect(await page.getByText(/try again in/i).count()).toBe(0);
    await page.getByLabel('Passphrase', { exact: true }).fill('wrong guess 3');
    await unlock.click();
    await page.getByRole('status').filter({ hasText: 'Try again in 1 s' }).waitFor();
    expect(await unlock.isDisabled()).toBe(true);
    await expectNoSeriousViolations(app.page);
    await app.screenshot('42-unlock-wait');
    await page.clock.setFixedTime(now + 2_000);
    await expect.poll(() => page.getByText(/try again in/i).count()).toBe(0);
    expect(await unlock.isEnabled()).toBe(true);
  });

  it("closes drop messages with their button and Escape, and opens a duplicate's existing copy", async () => {
    const { page } = app;
    await createVaultThroughUi(page);
    const contract = await textPdf([['Service contract for the garden maintenance'], ['Signed in Uppsala']]);
    await dropFiles(page, [{ name: 'contract.pdf', type: 'application/pdf', bytes: contract }]);
    const imports = page.getByRole('complementary', { name: 'Import queue' });
    await expect.poll(() => imports.locator('.imports-summary').textContent(), { timeout: 60_000 }).toBe('1 of 1 read');

    const messages = page.getByRole('region', { name: 'Messages' });
    const dropTwo = () =>
      dropFiles(page, [
        { name: 'copy.pdf', type: 'application/pdf', bytes: contract },
        { name: 'notes.exe', type: 'application/octet-stream', bytes: Buffer.from('MZ not a document at all') },
      ]);
    await dropTwo();
    await messages.getByText(/copy\.pdf is already in the vault/).waitFor();
    await messages.getByText(/notes\.exe:/).waitFor();
    await expectNoSeriousViolations(app.page);
    await app.screenshot('43-drop-messages');
    // The button closes its own message.
    await messages
      .getByRole('alert')
      .filter({ hasText: 'notes.exe' })
      .getByRole('button', { name: 'Close message' })
      .click();
    await expect.poll(() => messages.getByText(/notes\.exe:/).count()).toBe(0);
    await messages.getByText(/copy\.pdf is already in the vault/).waitFor();
    // Escape closes the rest.
    await page.keyboard.press('Escape');
    await expect.poll(() => messages.count()).toBe(0);

    await dropTwo();
    await messages.getByRole('button', { name: 'Open the existing copy' }).click();
    await page
      .getByRole('complementary', { name: 'Document contract' })
      .getByText(/garden maintenance/)
      .waitFor();
    await expect.poll(() => messages.getByText(/copy\.pdf/).count()).toBe(0);
  });

  it('badges a password-protected PDF in the list and reads it with the password typed in Imports', async () => {
    const { page } = app;
    await createVaultThroughUi(page);
    const password = 'Tangerine-Kestrel-42';
    const pdf = await encryptedPdf('Quarterly statement of the Zanzibar savings account', {
      user: password,
      owner: 'the owner password 9',
    });
    await dropFiles(page, [
      { name: 'statement.pdf', type: 'application/pdf', bytes: pdf },
      {
        name: 'broken.pdf',
        type: 'application/pdf',
        bytes: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage'),
      },
    ]);
    const imports = page.getByRole('complementary', { name: 'Import queue' });
    await expect.poll(() => imports.locator('li[data-state="failed"]').count(), { timeout: 60_000 }).toBe(2);
    // A file that cannot be read at all says so, and takes no password.
    const broken = page.getByRole('listbox', { name: 'Results' }).getByRole('option').filter({ hasText: 'broken' });
    await expect.poll(() => broken.locator('.failure-badge').textContent()).toBe('Could not be read');
    expect(await imports.getByLabel('Password for broken.pdf').count()).toBe(0);

    const results = page.getByRole('listbox', { name: 'Results' });
    const row = results.getByRole('option').filter({ hasText: 'statement' });
    const badge = row.locator('.failure-badge');
    await expect.poll(() => badge.textContent()).toBe('Needs password');
    expect(await row.locator('.failure').getAttribute('title')).toMatch(/protected by a password/);
    // The reason is there for screen readers, and shown on hover (and on the selected row).
    const reasonWidth = () => row.locator('.failure-reason').evaluate((el) => el.getBoundingClientRect().width);
    expect(await reasonWidth()).toBeLessThanOrEqual(1);
    await row.hover();
    await expect.poll(reasonWidth).toBeGreaterThan(100);
    await expectNoSeriousViolations(app.page);
    await app.screenshot('44-needs-password');

    const field = imports.getByLabel('Password for statement.pdf');
    await field.fill('not the password');
    await imports.getByRole('button', { name: 'Read with password' }).click();
    await imports.getByText(/not the password of this PDF/).waitFor({ timeout: 60_000 });
    await expect.poll(() => badge.textContent()).toBe('Needs password');
    await app.screenshot('45-wrong-pdf-password');

    await imports.getByLabel('Password for statement.pdf').fill(password);
    await imports.getByRole('button', { name: 'Read with password' }).click();
    await expect.poll(() => imports.locator('li[data-state="done"]').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => badge.count()).toBe(0);
    await app.screenshot('46-pdf-read');
    await page.getByRole('searchbox', { name: 'Search documents' }).fill('zanzibar');
    await results.getByRole('option').filter({ hasText: 'statement' }).waitFor();
    // The list keeps showing the previous results until the search answers: wait for it, not the first frame.
    await expect.poll(() => results.getByRole('option').count()).toBe(1);
  });
});
