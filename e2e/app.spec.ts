/**
 * The window as a person uses it, in Chromium, against the real main-process
 * services: create a vault, drop a PDF and a photographed page, watch them
 * being read, find both, open one, tag, trash, restore, lock and unlock.
 */
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textImage, textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations, place } from './page-helpers.js';

let app: AppFixture;

describe.skipIf(!hasChromium)('Lockleaf window (Chromium test host)', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('creates a vault, reads dropped files, finds, files, trashes, restores, locks and unlocks', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await expectNoSeriousViolations(app.page);
    await app.screenshot('01-create-vault');
    await createVaultThroughUi(page);
    await expectNoSeriousViolations(app.page);
    await app.screenshot('02-empty-library');

    const photo = await sharp(await textImage(['Boarding pass', 'Passenger Ingrid Holmberg']))
      .jpeg()
      .toBuffer();
    await dropFiles(app.page, [
      {
        name: 'contract.pdf',
        type: 'application/pdf',
        bytes: await textPdf([['Service contract for the garden maintenance'], ['Signed in Uppsala']]),
      },
      { name: 'boarding.jpg', type: 'image/jpeg', bytes: photo },
    ]);
    const imports = page.getByRole('complementary', { name: 'Import queue' });
    await imports.getByText('contract.pdf').waitFor();
    await expect.poll(() => imports.locator('.imports-summary').textContent(), { timeout: 60_000 }).toBe('2 of 2 read');
    // All read, none failed: the drawer folds to its one line and gives the list its room back.
    await expect.poll(() => imports.locator('.jobs').count()).toBe(0);
    await app.screenshot('03-imports-done');

    const search = page.getByRole('searchbox', { name: 'Search documents' });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await search.fill('garden');
    const results = page.getByRole('listbox', { name: 'Results' });
    await results.getByRole('option').filter({ hasText: 'contract' }).waitFor();
    await expect.poll(() => results.locator('mark').first().textContent()).toMatch(/garden/i);
    await search.fill('holmberg');
    await results.getByRole('option').filter({ hasText: 'boarding' }).click();
    const viewer = page.getByRole('complementary', { name: 'Document boarding' });
    await viewer.getByText(/Ingrid Holmberg/).waitFor();
    await viewer.getByRole('img', { name: 'First page of boarding' }).waitFor();
    await viewer.getByLabel('Add tag').fill('travel');
    await viewer.getByRole('button', { name: 'Add', exact: true }).click();
    await viewer.getByRole('list', { name: 'Tags' }).getByText('travel').waitFor();
    await viewer.getByLabel('Type').fill('Travel document');
    await viewer.getByLabel('Notes').fill('Window seat, gate B12');
    // Details save themselves (on blur, after a pause, on leaving); no Save button.
    await viewer.getByLabel('Notes').press('Tab');
    await viewer
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    await expectNoSeriousViolations(app.page);
    await app.screenshot('04-document');
    await search.fill('type:"Travel document" gate');
    await results.getByRole('option').filter({ hasText: 'boarding' }).waitFor();
    await search.fill('tag:travel');
    await results.getByRole('option').filter({ hasText: 'boarding' }).waitFor();

    await viewer.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => results.getByRole('option').count()).toBe(0);
    await place(page, 'Trash').click();
    await search.fill('');
    await results.getByRole('option').filter({ hasText: 'boarding' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await place(page, 'All documents').click();
    await results.getByRole('option').filter({ hasText: 'boarding' }).waitFor();
    await app.screenshot('05-library');

    const NEW_PASSPHRASE = 'an even longer and lovelier passphrase';
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('main', { name: 'Settings' });
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Security', exact: true })
      .click();
    await settings.getByLabel('Current passphrase').fill(PASSPHRASE);
    await settings.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await settings.getByLabel('Repeat new passphrase').fill(NEW_PASSPHRASE);
    await settings.getByRole('button', { name: 'Change passphrase' }).click();
    await settings.getByRole('status').filter({ hasText: 'Passphrase changed.' }).waitFor();
    await expectNoSeriousViolations(app.page);
    await app.screenshot('06-settings');
    await page.getByRole('button', { name: 'Back to library' }).click();

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
    await app.screenshot('06-unlock-error');
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Unlocking a vault with documents opens Home, with what came in lately.
    await page
      .getByRole('region', { name: 'Recently added' })
      .getByRole('button', { name: /contract/ })
      .waitFor();
    await place(page, 'All documents').click();
    await results.getByRole('option').filter({ hasText: 'contract' }).waitFor();
  });

  it('refuses invalid bridge calls and strangers', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    const bad = await page.evaluate(() =>
      (window.lockleaf.documentsSearch as (x: unknown) => Promise<unknown>)({ query: 42 }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const frozen = await page.evaluate(() => Object.isFrozen(window.lockleaf) && !('invoke' in window.lockleaf));
    expect(frozen).toBe(true);
    // Another origin cannot load the app or open the bridge, even knowing the URL.
    const origin = new URL(app.host.url).origin;
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(app.host.url)).status).toBe(403); // the one-time token is spent
  });

  it('renders a large library virtually and pages it in while scrolling', async () => {
    const { page, host } = app;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await host.session.create(PASSPHRASE);
    for (let i = 0; i < 1200; i++) {
      await host.session.vault.add({
        bytes: Buffer.from(`Statement number ${i} for the archive`),
        name: `statement-${String(i).padStart(4, '0')}.txt`,
      });
    }
    await page.reload();
    await place(page, 'All documents').click();
    const results = page.getByRole('listbox', { name: 'Results' });
    await results.getByRole('option').first().waitFor();
    // Only what is in view (plus overscan) is in the DOM, not 1200 rows.
    expect(await results.getByRole('option').count()).toBeLessThan(60);
    for (let i = 0; i < 40; i++) {
      await page.locator('.scroller').evaluate((el) => el.scrollBy(0, 4000));
      if (await results.getByRole('option').filter({ hasText: 'statement-0000' }).count()) break;
      await page.waitForTimeout(100);
    }
    await results.getByRole('option').filter({ hasText: 'statement-0000' }).waitFor();
    expect(await results.getByRole('option').count()).toBeLessThan(60);
  });

  it('has a dark theme', async () => {
    await app.close();
    app = await openApp({ colorScheme: 'dark' });
    await app.page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    const bg = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(17, 19, 24)');
    await expectNoSeriousViolations(app.page);
    await app.screenshot('07-dark-create-vault');
  });
});
