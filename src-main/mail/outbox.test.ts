import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser, providersFor, startOAuthPeer, type OAuthPeer } from './test-peers/oauth-peer.js';
import { startSmtpPeer, type SmtpPeer } from './test-peers/smtp-peer.js';
import { MAX_RETRY_AFTER_MS } from './outbox.js';
import { tempMail, waitFor } from './test-mail.js';

let t: Awaited<ReturnType<typeof tempMail>> | undefined;
let smtp: SmtpPeer | undefined;
let oauth: OAuthPeer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.cleanup();
  await smtp?.close();
  await oauth?.close();
  t = smtp = oauth = undefined;
});

async function smtpSetup() {
  smtp = await startSmtpPeer();
  t = await tempMail();
  await t.mail.addSmtp({
    name: 'work',
    host: '127.0.0.1',
    port: smtp.port,
    user: smtp.user,
    password: smtp.password,
    security: 'starttls',
    allowSelfSigned: true,
  });
  const doc = await t.vault.add({ bytes: Buffer.from('%PDF-1.4 lease'), name: 'lease.pdf' });
  return { t, smtp, doc };
}

describe('outbox after the hand-over', () => {
  it('a failed audit entry after the provider took the message neither re-queues nor resends it', async () => {
    const { t, smtp, doc } = await smtpSetup();
    const ctx = t.vault.context;
    const auditIn = ctx.auditIn.bind(ctx);
    vi.spyOn(ctx, 'auditIn').mockImplementation((tx, action, details) =>
      action === 'mail.sent' ? Promise.reject(new Error('disk I/O error')) : auditIn(tx, action, details),
    );
    const item = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    await t.mail.outbox.drain();
    await t.mail.outbox.drain();

    expect(await t.mail.outbox.item(item.id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(t.logs.join('')).toContain('sent, but the audit entry could not be written');
  });

  it('a failed audit anchor after the provider took the message neither re-queues nor resends it', async () => {
    const { t, smtp, doc } = await smtpSetup();
    vi.spyOn(t.vault.context, 'anchorAfter').mockRejectedValueOnce(new Error('key file: no space left on device'));
    const item = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    await t.mail.outbox.drain();
    await t.mail.outbox.drain();

    expect(await t.mail.outbox.item(item.id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(smtp.received).toHaveLength(1);
    const actions = (await t.vault.context.db.read.all<{ action: string }>('SELECT action FROM audit_log')).map(
      (r) => r.action,
    );
    expect(actions).toContain('mail.sent');
  });
});

describe('outbox waiting', () => {
  it(`honours a huge Retry-After for at most ${MAX_RETRY_AFTER_MS / 60_000} minutes`, async () => {
    oauth = await startOAuthPeer({ clientSecret: 'secret' });
    t = await tempMail({ providers: providersFor(oauth, { gmailSecret: 'secret' }) });
    await t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser });
    const doc = await t.vault.add({ bytes: Buffer.from('%PDF-1.4 card'), name: 'card.pdf' });
    oauth.failNextSends.push({ status: 429, retryAfter: '99999999999', body: 'Rate limit exceeded' });
    const item = await t.mail.send({ documentIds: [doc.id], to: ['a@example.org'] });
    const before = Date.now();
    await t.mail.outbox.drain();

    const queued = await t.mail.outbox.item(item.id);
    expect(queued).toMatchObject({ state: 'queued', attempts: 1 });
    expect(Date.parse(queued.nextAttemptAt) - before).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS + 60_000);
    expect(oauth.gmail).toHaveLength(0);
  });

  it('never asks setTimeout for more than it can wait (which would fire at once, over and over)', async () => {
    const { t, doc } = await smtpSetup();
    const item = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    // A row from before the cap (or a far-off date for any reason).
    await t.vault.context.db.write((tx) =>
      tx.run("UPDATE outbox SET next_attempt_at = '9999-01-01T00:00:00.000Z' WHERE id = ?", [item.id]),
    );
    const delays: number[] = [];
    const setTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return setTimeout(fn, ms);
    }) as typeof globalThis.setTimeout);
    t.mail.outbox.start();
    await waitFor(async () => delays.some((ms) => ms > 60_000));
    expect(delays.filter((ms) => ms > 60_000)).toEqual([2 ** 31 - 1]);
    expect((await t.mail.outbox.item(item.id)).state).toBe('queued');
  });
});
