/**
 * Every screen of the window, with a realistic library, at 1280×800 and
 * 1920×1080, light and dark (issue 16, "Quality"): a screenshot of each in
 * e2e/artifacts/screens-<screen>-<size>-<theme>.png to look at, and axe clean
 * on each. The behaviour of each screen is tested by its own spec; this one
 * checks that each renders, reads and fits in both themes and both sizes.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';
import { expectNoSeriousViolations, place } from './page-helpers.js';
import { seedRealisticLibrary } from './realistic-library.js';

let app: AppFixture | undefined;

const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '1920', width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;

/**
 * What does not fit: the page scrolling either way (the window is the app), and buttons cut by the window's right
 * edge (a fixed overlay such as the full view clips rather than scrolls).
 */
const misfits = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const found: string[] = [];
    if (root.scrollWidth > root.clientWidth) found.push(`${root.scrollWidth - root.clientWidth} px wider`);
    if (root.scrollHeight > root.clientHeight) found.push(`${root.scrollHeight - root.clientHeight} px taller`);
    for (const b of document.querySelectorAll('button')) {
      const box = b.getBoundingClientRect();
      if (box.width > 0 && box.right > innerWidth + 0.5) found.push(`button "${b.textContent}" cut at the right`);
    }
    return found;
  });

const results = (page: Page) => page.getByRole('listbox', { name: 'Results' });
const settingsSection = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name, exact: true });

/** The screens, each reached from the library's start, and left the way a user leaves it. */
const SCREENS: { name: string; open: (page: Page) => Promise<void>; leave?: (page: Page) => Promise<void> }[] = [
  { name: 'home', open: (page) => place(page, 'Home').click() },
  {
    name: 'library',
    open: async (page) => {
      await place(page, 'All documents').click();
      await results(page).getByRole('option').nth(9).waitFor();
    },
  },
  {
    name: 'document',
    open: async (page) => {
      await place(page, 'All documents').click();
      await results(page).getByRole('option').filter({ hasText: 'Residential lease' }).click();
      await page.getByRole('form', { name: 'Details' }).waitFor();
    },
    leave: (page) => page.keyboard.press('Escape'),
  },
  {
    name: 'full-view',
    open: async (page) => {
      await place(page, 'All documents').click();
      await results(page).getByRole('option').filter({ hasText: 'Residential lease' }).click();
      await page.keyboard.press('Enter');
      await page
        .getByRole('dialog')
        .getByRole('img', { name: /page 1$/ })
        .waitFor();
    },
    leave: async (page) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'grid',
    open: async (page) => {
      await place(page, 'All documents').click();
      await page.getByRole('button', { name: 'Grid', exact: true }).click();
    },
    leave: (page) => page.getByRole('button', { name: 'List', exact: true }).click(),
  },
  {
    name: 'inbox',
    open: async (page) => {
      await place(page, 'Inbox').click();
      await page.getByRole('form', { name: 'Suggestion' }).waitFor();
    },
  },
  { name: 'due', open: (page) => place(page, 'Due soon').click() },
  {
    name: 'trash',
    open: async (page) => {
      await place(page, 'Trash').click();
      await results(page).getByRole('option').first().waitFor();
    },
  },
  {
    name: 'shortcuts',
    open: async (page) => {
      await place(page, 'All documents').click();
      await results(page).focus();
      await page.keyboard.press('?');
      await page.getByRole('dialog').waitFor();
    },
    leave: (page) => page.keyboard.press('Escape'),
  },
  ...['General', 'Appearance', 'Security', 'Mailboxes', 'Sync', 'AI', 'Danger zone'].map((section) => ({
    name: `settings-${section.toLowerCase().replace(' ', '-')}`,
    open: async (page: Page) => {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await settingsSection(page, section).click();
    },
    leave: (page: Page) => page.getByRole('button', { name: 'Back to library' }).click(),
  })),
];

describe.skipIf(!hasChromium)('every screen at two sizes, light and dark', () => {
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => closeBrowser());

  it('renders each screen readable, fitting and axe clean', { timeout: 400_000 }, async () => {
    app = await openApp();
    const { page, host } = app;
    await app.screenshot('screens-first-run-1280-light');
    await expectNoSeriousViolations(page);
    await createVaultThroughUi(page);
    await seedRealisticLibrary(host);
    const problems: string[] = [];
    // Once with the imports drawer folded below the list, then without it (cleared), as most of the time.
    const drawer = page.getByRole('complementary', { name: 'Import queue' });
    await drawer.getByText('10 of 10 read').waitFor();
    await app.screenshot('screens-library-drawer-1280-light');
    for (const misfit of await misfits(page)) problems.push(`drawer: ${misfit}`);
    await drawer.getByRole('button', { name: 'Clear finished' }).click();
    await drawer.waitFor({ state: 'detached' });
    for (const size of SIZES)
      for (const theme of THEMES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.emulateMedia({ colorScheme: theme });
        for (const screen of SCREENS) {
          await screen.open(page);
          // Images and fonts settle; the screenshot is for a person to look at, not compared by pixels.
          await page.waitForLoadState('networkidle');
          await app.screenshot(`screens-${screen.name}-${size.name}-${theme}`);
          await expectNoSeriousViolations(page);
          for (const misfit of await misfits(page)) problems.push(`${screen.name} ${size.name} ${theme}: ${misfit}`);
          await screen.leave?.(page);
        }
      }
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Lockleaf' }).waitFor();
    await app.screenshot('screens-unlock-1920-dark');
    await expectNoSeriousViolations(page);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    expect(problems).toEqual([]);
  });
});
