/**
 * The Inbox, "Due soon" and Settings → AI in the window: a dropped PDF waits in
 * the Inbox with the date, total and due date read from its text; an edit and
 * the keyboard file it; dismissing moves on; Due soon lists what is near, in the
 * user's locale. Claude: inbox-ai.spec.ts.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptInputFor } from '../src-shared/classify/accept-input.js';
import { textPdf } from '../src-main/ingest/test-fixtures.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations, place } from './page-helpers.js';

let app: AppFixture;

/** A day `days` from today on this machine's calendar: ISO and as an English invoice prints it. */
function dayFrom(days: number): { iso: string; printed: string } {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const printed = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return { iso, printed };
}

/** A day as the form's date fields show it: as Intl writes it in the host's English (never ISO). */
const inField = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

describe.skipIf(!hasChromium)('Inbox, Due soon and Settings → AI', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('suggests from a dropped PDF, files it by keyboard with an edit, dismisses, and lists what is due', async () => {
    const { page, host } = app;
    await createVaultThroughUi(page);
    const due = dayFrom(5);
    const invoice = await textPdf([
      [
        'Coolblue B.V.',
        'Invoice 2024-0042',
        'Invoice date: 12 March 2024',
        'Laptop stand 149.99',
        'Total EUR 149.99',
        `Payment due: ${due.printed}`,
      ],
    ]);
    const inboxButton = place(page, 'Inbox');
    // One at a time, so the Inbox's order (oldest first) is known.
    await dropFiles(page, [{ name: 'invoice.pdf', type: 'application/pdf', bytes: invoice }]);
    await expect.poll(() => inboxButton.textContent(), { timeout: 60_000 }).toBe('Inbox1 to review');
    await dropFiles(page, [
      {
        name: 'letter.pdf',
        type: 'application/pdf',
        bytes: await textPdf([['City of Uppsala', 'Letter dated 3 April 2024', 'Dear resident']]),
      },
    ]);
    await expect.poll(() => inboxButton.textContent(), { timeout: 60_000 }).toBe('Inbox2 to review');
    await dropFiles(page, [
      {
        name: 'receipt.pdf',
        type: 'application/pdf',
        bytes: await textPdf([['Bakery Holm', 'Receipt 14/05/2024', 'TOTAL 12.40 EUR']]),
      },
    ]);
    await expect.poll(() => inboxButton.textContent(), { timeout: 60_000 }).toBe('Inbox3 to review');

    await inboxButton.click();
    const list = page.getByRole('listbox', { name: 'Documents to review' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toHaveLength(3);
    const selectedTitle = () => list.locator('[aria-selected="true"] .title').textContent();
    await expect.poll(selectedTitle).toBe('invoice');
    const form = page.getByRole('form', { name: 'Suggestion' });
    // Read from the text on the device: the invoice's date, its total and when it is due.
    await expect.poll(() => form.getByLabel('Document date').inputValue(), { timeout: 30_000 }).toBe('Mar 12, 2024');
    expect(await form.getByLabel('Total', { exact: true }).inputValue()).toBe('149.99');
    expect(await form.getByLabel('Currency').inputValue()).toBe('EUR');
    expect(await form.getByLabel('Due date').inputValue()).toBe(inField(due.iso));
    await expectNoSeriousViolations(page);
    await app.screenshot('20-inbox');

    // The keyboard: arrows and j/k move, e goes to the form, a accepts it as edited.
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedTitle).toBe('letter');
    await page.keyboard.press('j');
    await expect.poll(selectedTitle).toBe('receipt');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    await expect.poll(selectedTitle).toBe('invoice');
    await page.keyboard.press('e');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form')?.ariaLabel)).toBe('Suggestion');
    await page.keyboard.press('Control+A');
    // Typed into a field, "a", "d" and "k" are the field's: nothing is accepted, dismissed or moved.
    await page.keyboard.type('Coolblue laptop stand');
    await form.getByLabel('Correspondent').fill('Coolblue');
    expect(await list.getByRole('option').count()).toBe(3);
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedTitle).toBe('letter');
    await page.keyboard.press('ArrowUp');
    await expect.poll(selectedTitle).toBe('invoice');
    // A look at another document kept the edits.
    expect(await form.getByLabel('Title').inputValue()).toBe('Coolblue laptop stand');
    expect(await form.getByLabel('Correspondent').inputValue()).toBe('Coolblue');
    await page.keyboard.press('a');
    await expect.poll(() => list.getByRole('option').count()).toBe(2);
    await expect.poll(selectedTitle).toBe('letter');
    const ids = (await host.session.vault.list()).map((d) => d.id);
    const docs = await Promise.all(ids.map((id) => host.session.vault.get(id)));
    const doc = docs.find((d) => d.title === 'Coolblue laptop stand');
    expect(doc?.correspondent).toBe('Coolblue');
    expect(doc?.createdAt.slice(0, 10)).toBe('2024-03-12');
    expect(doc?.customFields).toEqual(
      expect.arrayContaining([
        { name: 'Due date', kind: 'date', value: due.iso },
        { name: 'Total', kind: 'money', value: '149.99 EUR' },
      ]),
    );

    // Dismiss: the letter leaves as it is and the receipt is next.
    await page.keyboard.press('d');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await expect.poll(selectedTitle).toBe('receipt');
    // The receipt, by mouse, with a due date already past.
    const past = dayFrom(-2);
    await form.getByLabel('Due date').fill(past.iso);
    await form.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'The Inbox is empty' }).waitFor();
    await expect.poll(() => inboxButton.textContent()).toBe('Inbox');

    // Due soon: soonest first, the past one marked, dates in the user's locale.
    await place(page, 'Due soon').click();
    const dueList = page.locator('.due-list');
    await expect.poll(() => dueList.getByRole('button').count()).toBe(2);
    const rows = await dueList.getByRole('button').allTextContents();
    const shown = (iso: string) =>
      page.evaluate(
        (day) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(`${day}T00:00:00`)),
        iso,
      );
    // The suggested title names the month as main's language writes it (the host runs main in this process).
    const month = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date('2024-05-14T00:00:00Z'),
    );
    expect(rows[0]).toBe(`Bakery Holm · ${month}Overdue 2 days ago · ${await shown(past.iso)}`);
    expect(rows[1]).toBe(`Coolblue laptop standDue in 5 days · ${await shown(due.iso)}`);
    expect(rows.join()).not.toContain(due.iso);
    await expectNoSeriousViolations(page);
    await app.screenshot('21-due-soon');
    await dueList.getByRole('button', { name: /Coolblue laptop stand/ }).click();
    await page.getByRole('complementary', { name: 'Document Coolblue laptop stand' }).waitFor();

    // Reminders ahead: 3 days leaves the invoice (due in 5) out.
    await page.getByRole('button', { name: 'Settings' }).click();
    const prefs = page.getByRole('form', { name: 'Preferences' });
    await prefs.getByLabel('Remind me of due and expiry dates this many days ahead').fill('3');
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    await prefs.getByText('Preferences saved.').waitFor();
    await page.getByRole('button', { name: 'Back to library' }).click();
    await expect.poll(() => dueList.getByRole('button').allTextContents()).toHaveLength(1);
  });

  it('accepts all after a confirmation, each as suggested', async () => {
    const { page, host } = app;
    await createVaultThroughUi(page);
    const inboxButton = place(page, 'Inbox');
    await dropFiles(page, [
      {
        name: 'water.pdf',
        type: 'application/pdf',
        bytes: await textPdf([['City Water', 'Invoice date: 2 February 2024', 'Total EUR 31.20']]),
      },
    ]);
    await dropFiles(page, [
      {
        name: 'power.pdf',
        type: 'application/pdf',
        bytes: await textPdf([['Power Co', 'Invoice date: 9 February 2024', 'Total EUR 88.00']]),
      },
    ]);
    await expect.poll(() => inboxButton.textContent(), { timeout: 60_000 }).toBe('Inbox2 to review');
    await inboxButton.click();
    const form = page.getByRole('form', { name: 'Suggestion' });
    await expect.poll(() => form.getByLabel('Document date').inputValue(), { timeout: 30_000 }).not.toBe('');
    // Both suggestions made (reading done), then what `lockleaf inbox accept` would write for each.
    await expect
      .poll(async () => (await host.session.inbox.classify.list()).every((i) => i.suggestion), { timeout: 30_000 })
      .toBe(true);
    const expected = (await host.session.inbox.classify.list()).map((i) => acceptInputFor(i));
    await page.getByRole('button', { name: 'Accept all…' }).click();
    await page.getByRole('button', { name: 'Accept all 2 as suggested' }).click();
    await page.getByRole('heading', { name: 'The Inbox is empty' }).waitFor();
    for (const want of expected) {
      const doc = await host.session.vault.get(want.id);
      expect(doc.title).toBe(want.title);
      expect(doc.correspondent).toBe(want.correspondent);
      expect(doc.createdAt.slice(0, 10)).toBe(want.documentDate);
      expect(doc.customFields).toContainEqual({
        name: 'Total',
        kind: 'money',
        value: `${want.total!.value.toFixed(2)} EUR`,
      });
    }
  });
});
