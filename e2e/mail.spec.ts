/**
 * Sending from the window, against real peers: an SMTP mailbox added in
 * Settings (a real smtp-server with STARTTLS and AUTH), a Gmail account
 * connected through the OAuth loopback flow (a local OAuth/Gmail server),
 * and a document sent from its view. The window only ever sees names and
 * states, never a credential.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { browser, providersFor, startOAuthPeer, type OAuthPeer } from '../src-main/mail/test-peers/oauth-peer.js';
import { startSmtpPeer, type SmtpPeer } from '../src-main/mail/test-peers/smtp-peer.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, type AppFixture } from './fixture.js';

let app: AppFixture | undefined;
let smtp: SmtpPeer | undefined;
let oauth: OAuthPeer | undefined;

describe.skipIf(!hasChromium)('sending documents from the window', () => {
  afterEach(async () => {
    await app?.close();
    await smtp?.close();
    await oauth?.close();
  });
  afterAll(() => closeBrowser());

  it('adds an SMTP mailbox and a Gmail account in Settings, then sends a document from its view', async () => {
    smtp = await startSmtpPeer();
    oauth = await startOAuthPeer({ clientSecret: 'installed-secret' });
    app = await openApp({
      session: { mailProviders: providersFor(oauth, { gmailSecret: 'installed-secret' }), openBrowser: browser },
    });
    const { page, host } = app;
    await createVaultThroughUi(page);
    const bytes = Buffer.from('%PDF-1.4 tenancy agreement, signed');
    const doc = await host.session.vault.add({ bytes, name: 'tenancy.pdf' });
    await host.session.vault.update(doc.id, { title: 'Tenancy agreement' });
    host.session.emit('documents:changed', { ids: [doc.id] });

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('main', { name: 'Settings' });
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Mailboxes', exact: true })
      .click();
    const form = settings.getByRole('form', { name: 'Add SMTP mailbox' });
    await form.getByLabel('Name', { exact: true }).fill('Work');
    await form.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(smtp.port));
    await form.getByLabel('User name').fill(smtp.user);
    await form.getByLabel('Password', { exact: true }).fill(smtp.password);
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await form.getByRole('alert').filter({ hasText: 'certificate is not trusted' }).waitFor();
    await form.getByLabel(/self-signed/).check();
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await settings.getByText(`Work · smtp · ${smtp.user} · default`).waitFor();
    await settings.getByRole('button', { name: 'Connect Gmail' }).click();
    await settings.getByText('Gmail · gmail').waitFor();
    expect(oauth.authorizeRequests[0]!.get('scope')).toBe('https://www.googleapis.com/auth/gmail.send');
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => v.id)).toEqual([]);
    await app.screenshot('08-mailboxes');

    // What the window can learn about mailboxes: names and states, no secret.
    const seen = await page.evaluate(async () =>
      JSON.stringify([await window.lockleaf.mailMailboxes(), await window.lockleaf.mailOutbox()]),
    );
    for (const secret of [smtp.password, ...oauth.secrets]) expect(seen).not.toContain(secret);
    await page.getByRole('button', { name: 'Back to library' }).click();

    await page
      .getByRole('listbox', { name: 'Results' })
      .getByRole('option')
      .filter({ hasText: 'Tenancy agreement' })
      .click();
    const view = page.getByRole('complementary', { name: 'Document Tenancy agreement' });
    await view.getByRole('button', { name: 'Send…' }).click();
    const compose = view.getByRole('form', { name: 'Send document' });
    await expect.poll(() => compose.getByLabel('Subject').inputValue()).toBe('Tenancy agreement');
    await compose.getByLabel('To').fill('landlord@example.org');
    await compose.getByRole('button', { name: 'Send' }).click();
    await compose.getByRole('status').filter({ hasText: 'Sent to landlord@example.org.' }).waitFor({ timeout: 20_000 });
    await app.screenshot('09-sent');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.subject).toBe('Tenancy agreement');
    // The form's text is the one main writes when none is given (a send from the tray).
    expect(smtp.received[0]!.text).toContain('Please find attached:\n- Tenancy agreement\n\nSent with Lockleaf.');
    expect(Buffer.compare(smtp.received[0]!.attachments[0]!.content, bytes)).toBe(0);

    // Through the Gmail account this time: the recent recipient is offered.
    await compose.getByRole('button', { name: 'Close' }).click();
    await view.getByRole('button', { name: 'Send…' }).click();
    await compose.getByLabel('From').selectOption({ label: 'Gmail (gmail)' });
    await compose.getByLabel('To').fill('landlord@example.org');
    await compose.getByRole('button', { name: 'Send' }).click();
    await compose.getByRole('status').filter({ hasText: 'Sent to landlord@example.org.' }).waitFor({ timeout: 20_000 });
    expect(oauth.gmail).toHaveLength(1);
    expect(
      await page.locator('#recent-recipients option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual(['landlord@example.org']);
  });
});
