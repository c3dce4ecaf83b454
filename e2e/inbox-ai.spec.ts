/**
 * Settings → AI and "Ask Claude…" in the window, against a local Messages API
 * peer: enabling with a key, the preview equal to the body the peer receives,
 * the answer in the Inbox form, a 429 queued, and disabling forgets the key.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessagesPeer } from '../src-main/ai/test-peers/messages-peer.js';
import { textPdf } from '../src-main/ingest/test-fixtures.js';
import { ARTIFACTS, closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';
import { dropFiles, expectNoSeriousViolations, place } from './page-helpers.js';

let app: AppFixture;

describe.skipIf(!hasChromium)('Settings → AI and Ask Claude', () => {
  beforeEach(async () => {
    app = await openApp();
  });
  afterEach(() => app.close());
  afterAll(() => closeBrowser());

  it('enables Claude against a local Messages peer, previews exactly what is sent, asks, queues, and disables', async () => {
    const { page } = app;
    const apiKey = 'sk-ant-e2e-0123456789abcdef';
    const peer = await MessagesPeer.start({ apiKey });
    process.env.LOCKLEAF_ANTHROPIC_BASE_URL = peer.url;
    try {
      await createVaultThroughUi(page);
      const pdf = await textPdf([
        [
          'Coolblue B.V.',
          'Invoice date: 12 March 2024',
          'Laptop stand 149.99',
          'Questions: help@coolblue.nl',
          'Total EUR 149.99',
        ],
      ]);
      await dropFiles(page, [{ name: 'invoice.pdf', type: 'application/pdf', bytes: pdf }]);
      const inboxButton = place(page, 'Inbox');
      await expect.poll(() => inboxButton.textContent(), { timeout: 60_000 }).toBe('Inbox1 to review');

      // Off by default: the Inbox offers no Claude, Settings explains what would be sent.
      await inboxButton.click();
      const review = page.getByRole('complementary', { name: 'Review invoice' });
      await review.getByLabel('Never send to AI').waitFor();
      expect(await review.getByRole('button', { name: 'Ask Claude…' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page
        .getByRole('navigation', { name: 'Settings sections' })
        .getByRole('button', { name: 'AI', exact: true })
        .click();
      const ai = page.getByRole('region', { name: 'AI (Claude)' });
      await ai.getByText(/never an image or a file/).waitFor();
      const enable = ai.getByRole('form', { name: 'Enable Claude' });
      await enable.getByLabel('Anthropic API key').fill(apiKey);
      await enable.getByRole('button', { name: 'Enable Claude' }).click();
      const settings = ai.getByRole('form', { name: 'Claude settings' });
      await settings.getByText('Claude is on with your saved key.').waitFor();
      // The key went to main and is not shown back anywhere.
      expect(await page.content()).not.toContain(apiKey);
      const patterns = settings.getByLabel(/Also remove text matching/);
      await patterns.fill('(unclosed');
      await settings.getByRole('button', { name: 'Save AI settings' }).click();
      await expect.poll(() => settings.getByRole('alert').textContent()).toMatch(/\(unclosed/);
      await patterns.fill('Laptop stand');
      await settings.getByRole('button', { name: 'Save AI settings' }).click();
      await settings.getByText('Claude settings saved.').waitFor();
      await expectNoSeriousViolations(page);
      await ai.screenshot({ path: join(ARTIFACTS, '22-settings-ai.png') });
      await page.getByRole('button', { name: 'Back to library' }).click();

      // Ask: the preview first, then exactly that text goes out.
      peer.push({
        input: {
          title: 'Coolblue invoice for a laptop stand',
          type: 'Invoice',
          correspondent: 'Coolblue',
          tags: [],
          new_tags: ['office'],
          document_date: '2024-03-12',
          amounts: [{ value: 149.99, currency: 'EUR', label: 'Total', is_total: true }],
          due_date: null,
          expiry_date: null,
          summary: 'Invoice from Coolblue for a laptop stand.',
        },
      });
      // Once read (its on-device suggestion is in), not before: until then there is no text to send.
      const form = page.getByRole('form', { name: 'Suggestion' });
      await expect.poll(() => form.getByLabel('Document date').inputValue(), { timeout: 30_000 }).toBe('Mar 12, 2024');
      await review.getByRole('button', { name: 'Ask Claude…' }).click();
      const dialog = page.getByRole('dialog', { name: 'What Claude will be sent' });
      const sent = dialog.getByLabel('Text to be sent');
      await sent.waitFor();
      const previewText = (await sent.textContent()) ?? '';
      expect(previewText).toContain('Coolblue B.V.');
      expect(previewText).not.toContain('help@coolblue.nl');
      expect(previewText).not.toContain('Laptop stand');
      expect(peer.requests).toHaveLength(0);
      await expectNoSeriousViolations(page);
      await dialog.screenshot({ path: join(ARTIFACTS, '23-ai-preview.png') });
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.getByText('Claude’s suggestion is in the form.').waitFor();
      expect(peer.accepted).toHaveLength(1);
      const body = peer.accepted[0]!.body as { messages: { content: { type: string; text: string }[] }[] };
      expect(body.messages[0]!.content).toEqual([{ type: 'text', text: previewText }]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('Coolblue invoice for a laptop stand');
      await review.getByText('Invoice from Coolblue for a laptop stand.').waitFor();
      await form.getByRole('list', { name: 'Tags to file under' }).getByText('office').waitFor();
      await review.screenshot({ path: join(ARTIFACTS, '24-inbox-claude.png') });

      // Rate-limited for a minute: the request is queued, and shown as such.
      peer.push({ status: 429, headers: { 'retry-after': '60' } });
      await review.getByRole('button', { name: 'Ask Claude…' }).click();
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.getByText(/^Queued:/).waitFor();
      await dialog.getByRole('button', { name: 'Close' }).click();
      await review.getByText(/waiting to be sent/).waitFor();

      // Never send to AI: Claude cannot be asked for it.
      await review.getByLabel('Never send to AI').check();
      await expect.poll(() => review.getByRole('button', { name: 'Ask Claude…' }).isDisabled()).toBe(true);

      // Disable: the key is forgotten and the Inbox offers Claude no more.
      await page.getByRole('button', { name: 'Settings' }).click();
      await settings.getByRole('button', { name: 'Disable and forget key' }).click();
      await enable.waitFor();
      await page.getByRole('button', { name: 'Back to library' }).click();
      await review.getByLabel('Never send to AI').waitFor();
      expect(await review.getByRole('button', { name: 'Ask Claude…' }).count()).toBe(0);
    } finally {
      delete process.env.LOCKLEAF_ANTHROPIC_BASE_URL;
      await peer.stop();
    }
  });
});
