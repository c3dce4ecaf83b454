import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanForMarkers } from '../vault/test-scan.js';
import { startSmtpPeer, type SmtpPeer } from './test-peers/smtp-peer.js';
import { failure, tempMail, waitFor } from './test-mail.js';

let t: Awaited<ReturnType<typeof tempMail>>;
let peers: SmtpPeer[] = [];
beforeEach(async () => {
  t = await tempMail();
});
afterEach(async () => {
  // Every flow ran with debug logging (the SMTP transcript included): no password, in any encoding.
  const logs = t.logs.join('');
  for (const p of peers) {
    for (const secret of [
      p.password,
      Buffer.from(p.password).toString('base64'),
      Buffer.from(`\0${p.user}\0${p.password}`).toString('base64'),
    ]) {
      expect(logs).not.toContain(secret);
    }
  }
  await t.cleanup();
  await Promise.all(peers.map((p) => p.close()));
  peers = [];
});

async function peer(options?: Parameters<typeof startSmtpPeer>[0]) {
  const p = await startSmtpPeer(options);
  peers.push(p);
  return p;
}

const smtpInput = (p: SmtpPeer, extra: Partial<Parameters<typeof t.mail.addSmtp>[0]> = {}) => ({
  name: 'work',
  host: '127.0.0.1',
  port: p.port,
  user: p.user,
  password: p.password,
  security: 'starttls' as const,
  allowSelfSigned: true,
  ...extra,
});

describe('SMTP mailbox', () => {
  it('sends a document over STARTTLS with AUTH; the attachment is byte-identical', async () => {
    const p = await peer();
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    const doc = await t.vault.add({ bytes, name: 'contract.pdf' });
    await t.vault.update(doc.id, { title: 'Signed lease' });
    const box = await t.mail.addSmtp(smtpInput(p));
    expect(box).toMatchObject({ name: 'work', kind: 'smtp', address: p.user, status: 'ok', isDefault: true });
    expect(JSON.stringify(box)).not.toContain(p.password);

    const item = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    expect(item).toMatchObject({ state: 'queued', subject: 'Signed lease', to: ['bob@example.org'] });
    await t.mail.outbox.drain();
    expect((await t.mail.outbox.item(item.id)).state).toBe('sent');

    expect(p.received).toHaveLength(1);
    const got = p.received[0]!;
    expect(got.subject).toBe('Signed lease');
    expect(got.messageId).toBe(`<${item.id}@example.test>`);
    expect(p.envelopes[0]).toEqual({ from: p.user, to: ['bob@example.org'] });
    expect(got.attachments).toHaveLength(1);
    expect(got.attachments[0]!.filename).toBe('contract.pdf');
    expect(Buffer.compare(got.attachments[0]!.content, bytes)).toBe(0);
    expect(await t.mail.recentRecipients()).toEqual(['bob@example.org']);

    // Audit: connect and send, with recipient domain, document and size, never the body.
    const audit = await t.vault.context.db.read.all<{ action: string; details: string }>(
      'SELECT action, details FROM audit_log ORDER BY seq',
    );
    const sent = audit.find((a) => a.action === 'mail.sent')!;
    expect(JSON.parse(sent.details)).toMatchObject({
      recipientDomains: 'example.org',
      documents: doc.id,
      mailbox: 'work',
    });
    expect(sent.details).not.toContain('Please find attached');
    expect(audit.map((a) => a.action)).toContain('mailbox.connected');
    expect((await t.vault.verifyAudit()).ok).toBe(true);
    // The debug log really carried the SMTP conversation, AUTH step included.
    expect(t.logs.join('')).toMatch(/AUTH PLAIN/);
  });

  it('sends over implicit TLS too', async () => {
    const p = await peer({ secure: true });
    const doc = await t.vault.add({ bytes: Buffer.from('hello card'), name: 'card.txt' });
    await t.mail.addSmtp(smtpInput(p, { security: 'tls' }));
    await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'], subject: 'Card', body: 'Here it is.' });
    await t.mail.outbox.drain();
    expect(p.received.map((m) => [m.subject, m.text?.trim()])).toEqual([['Card', 'Here it is.']]);
  });

  it('refuses a wrong password with a clear error and stores nothing', async () => {
    const p = await peer();
    const error = await failure(t.mail.addSmtp(smtpInput(p, { password: 'not-the-password' })));
    expect(error.code).toBe('MAIL_AUTH_FAILED');
    expect(error.message).toMatch(/did not accept the user name or password/);
    expect(await t.mail.list()).toEqual([]);
  });

  it('refuses an untrusted certificate unless self-signed was explicitly allowed', async () => {
    const p = await peer();
    const error = await failure(t.mail.addSmtp(smtpInput(p, { allowSelfSigned: false })));
    expect(error.code).toBe('MAIL_CERTIFICATE_INVALID');
    expect(error.message).toMatch(/--allow-self-signed/);
    // The explicit opt-out is logged as a warning.
    await t.mail.addSmtp(smtpInput(p));
    expect(t.logs.join('')).toMatch(/certificate verification is off/);
  });

  it('refuses a server that speaks only TLS 1.0/1.1', async () => {
    const p = await peer({ oldTlsOnly: true });
    const error = await failure(t.mail.addSmtp(smtpInput(p)));
    expect(error.code).toBe('MAIL_TLS_FAILED');
    expect(error.message).toMatch(/TLS 1\.2/);
  });

  it('queues while the server is unreachable and sends once it is back', async () => {
    const p = await peer();
    const doc = await t.vault.add({ bytes: Buffer.from('offline doc'), name: 'o.txt' });
    await t.mail.addSmtp(smtpInput(p));
    // Take the port away: the server goes offline.
    const port = p.port;
    await p.close();
    peers = [];
    const item = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    await t.mail.outbox.drain();
    const waiting = await t.mail.outbox.item(item.id);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, error: { code: 'MAIL_UNAVAILABLE' } });
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.now() - 5);

    const back = await startSmtpPeer({ user: p.user, password: p.password });
    peers.push(back);
    await t.vault.context.db.write((tx) =>
      tx.run("UPDATE mailboxes SET settings = json_set(settings, '$.port', ?)", [back.port]),
    );
    expect(port).not.toBe(back.port);
    t.mail.outbox.start();
    await waitFor(async () => (await t.mail.outbox.item(item.id)).state === 'sent');
    expect(back.received).toHaveLength(1);
  });

  it('gives a clear error when the documents are larger than the provider takes, and queues nothing', async () => {
    const p = await peer();
    await t.mail.addSmtp(smtpInput(p));
    const big = await t.vault.add({ bytes: randomBytes(19 * 1024 * 1024), name: 'big.bin' });
    const big2 = await t.vault.add({ bytes: randomBytes(2 * 1024 * 1024), name: 'big2.bin' });
    const error = await failure(t.mail.send({ documentIds: [big.id, big2.id], to: ['bob@example.org'] }));
    expect(error.code).toBe('MAIL_TOO_LARGE');
    expect(error.message).toMatch(/accepts at most 25\.0 MB/);
    expect(await t.mail.outbox.list()).toEqual([]);
  });

  it('treats a repeated idempotency key as the same message', async () => {
    const p = await peer();
    const doc = await t.vault.add({ bytes: Buffer.from('once'), name: 'once.txt' });
    await t.mail.addSmtp(smtpInput(p));
    const key = '5b0a4c37-8a7e-4c1b-9a57-8d8a36a7f0b1';
    const a = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'], idempotencyKey: key });
    const b = await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'], idempotencyKey: key });
    expect(b.id).toBe(a.id);
    await t.mail.outbox.drain();
    expect(p.received).toHaveLength(1);
  });

  it('rejects bad send requests with named errors', async () => {
    const p = await peer();
    const doc = await t.vault.add({ bytes: Buffer.from('x'), name: 'x.txt' });
    expect((await failure(t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] }))).code).toBe('NO_MAILBOX');
    await t.mail.addSmtp(smtpInput(p));
    expect((await failure(t.mail.send({ documentIds: [doc.id], to: ['not an address'] }))).code).toBe('INVALID_INPUT');
    expect((await failure(t.mail.send({ documentIds: ['nope'], to: ['bob@example.org'] }))).code).toBe(
      'DOCUMENT_NOT_FOUND',
    );
    expect(
      (await failure(t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'], mailbox: 'other' }))).code,
    ).toBe('MAILBOX_NOT_FOUND');
    await t.vault.trash(doc.id);
    expect((await failure(t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] }))).message).toMatch(/trash/);
  });

  it('keeps the password sealed: not in any vault file, bound to its mailbox and field, re-sealed by key rotation', async () => {
    const p = await peer({ password: 'Zebra-Quartz-Password-991' });
    const doc = await t.vault.add({ bytes: Buffer.from('rot'), name: 'r.txt' });
    const box = await t.mail.addSmtp(smtpInput(p));
    const ctx = t.vault.context;
    const row = await ctx.db.read.get<{ sealed: Buffer; key_version: number }>(
      "SELECT sealed, key_version FROM mailbox_secrets WHERE field = 'password'",
    );
    expect(row!.sealed.includes(Buffer.from('Zebra-Quartz'))).toBe(false);
    expect(() => ctx.keyring.unwrap(row!.key_version, row!.sealed, `mailbox-secret:${box.id}:refresh_token`)).toThrow();

    const report = await t.vault.rotateKeys({ batchSize: 1 });
    expect(report.finished).toBe(true);
    const after = await ctx.db.read.get<{ key_version: number }>(
      "SELECT key_version FROM mailbox_secrets WHERE field = 'password'",
    );
    expect(after!.key_version).toBe(report.version);
    // Still usable after rotation retired the old key.
    await t.mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    await t.mail.outbox.drain();
    expect(p.received).toHaveLength(1);

    await t.mail.remove('work');
    expect(await ctx.db.read.all('SELECT * FROM mailbox_secrets')).toEqual([]);
    await t.vault.close();
    expect(await scanForMarkers([t.root], ['Zebra-Quartz-Password-991'])).toEqual([]);
  });
});

describe('an unreachable SMTP port', () => {
  it('is a temporary failure, not a crash', async () => {
    const blocker = createServer((s) => s.destroy());
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const error = await failure(
      t.mail.addSmtp({
        name: 'x',
        host: '127.0.0.1',
        port,
        user: 'u',
        password: 'password1',
        security: 'starttls',
        allowSelfSigned: true,
      }),
    );
    blocker.close();
    expect(error.code).toBe('MAIL_UNAVAILABLE');
  });
});
