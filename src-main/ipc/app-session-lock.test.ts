import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { insertMailbox } from '../mail/mailbox-repo.js';
import { waitFor } from '../mail/test-mail.js';
import { startSmtpPeer } from '../mail/test-peers/smtp-peer.js';
import { putSecret } from '../vault/secrets/secret-fields.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { textImage } from '../ingest/test-fixtures.js';
import { openVault } from '../vault/open-vault.js';
import { AppSession } from './app-session.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

/** A mail server that takes the connection and then says nothing: a send stuck on the network. */
async function silentServer(): Promise<{ server: Server; sockets: Socket[]; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, sockets, port: address.port };
}

/** An SMTP mailbox stored as the app would (the server is not probed: it may be one that never answers). */
async function smtpMailbox(s: AppSession, port: number, user: string, password: string, allowSelfSigned: boolean) {
  const ctx = s.vault.context;
  const settings = { host: '127.0.0.1', port, user, security: 'starttls' as const, allowSelfSigned };
  await ctx.db.write(async (tx) => {
    await insertMailbox(
      tx,
      { id: 'mb1', name: 'work', kind: 'smtp', address: user, settings },
      new Date().toISOString(),
    );
    await putSecret(tx, ctx.keyring, 'mb1', 'password', password);
  });
}

describe('locking', () => {
  it('drops the keys without waiting for a send stuck on the network, and the send stays queued for the next unlock', async () => {
    const t = await tempDir();
    const peer = await silentServer();
    const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF });
    cleanup = async () => {
      for (const socket of peer.sockets) socket.destroy();
      peer.server.close();
      await s.lock();
      await s.settled();
      await t.cleanup();
    };
    await s.create(TEST_PASSPHRASE);
    const ctx = s.vault.context;
    await smtpMailbox(s, peer.port, 'me@example.org', 'smtp-password-123', false);
    const doc = await s.vault.add({ bytes: Buffer.from('%PDF-1.4 payslip'), name: 'payslip.pdf' });
    const item = await s.mail.send({ documentIds: [doc.id], to: ['hr@company.example'] });
    await waitFor(async () => peer.sockets.length > 0);

    // Without waiting for the send: before, lock() waited for the outbox, which waited for this server.
    const outcome = await Promise.race([
      s.lock('suspend').then(() => 'locked'),
      new Promise((r) => setTimeout(r, 10_000, 'still waiting for the send')),
    ]);
    expect(outcome).toBe('locked');
    expect(peer.sockets.every((socket) => !socket.destroyed)).toBe(true); // the send is still under way
    expect(() => ctx.root).toThrow(/locked/);
    expect(() => ctx.keyring.wrap(Buffer.from('x'), 'x')).toThrow(/destroyed/);

    // The server hangs up; what the cut-off send does next finds the vault locked, and loses nothing.
    for (const socket of peer.sockets) socket.destroy();
    await s.settled();
    await s.unlock(TEST_PASSPHRASE);
    expect(['queued', 'sending']).toContain((await s.mail.outbox.item(item.id)).state);
  });

  it('a message the server accepts after the lock is marked sent at the next unlock, not sent again', async () => {
    const t = await tempDir();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const peer = await startSmtpPeer({ beforeAccept: () => held });
    const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF });
    cleanup = async () => {
      release();
      await s.lock();
      await s.settled();
      await peer.close();
      await t.cleanup();
    };
    await s.create(TEST_PASSPHRASE);
    await smtpMailbox(s, peer.port, peer.user, peer.password, true);
    const doc = await s.vault.add({ bytes: Buffer.from('%PDF-1.4 payslip'), name: 'payslip.pdf' });
    const item = await s.mail.send({ documentIds: [doc.id], to: ['hr@company.example'] });
    await waitFor(async () => peer.dataStarted > 0);
    await s.lock('idle');
    release(); // the server takes the message after the vault locked: the outbox cannot write "sent"
    await s.settled();
    expect(peer.received).toHaveLength(1);
    await s.unlock(TEST_PASSPHRASE);
    await waitFor(async () => (await s.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.received).toHaveLength(1);
    expect(peer.dataStarted).toBe(1);
  });

  it('a job a lock cuts off goes back to the queue without counting as an attempt', async () => {
    const t = await tempDir();
    const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await s.lock();
      await s.settled();
      await t.cleanup();
    };
    await s.create(TEST_PASSPHRASE);
    const inOcr = new Promise<void>((resolve) => s.on('ingest:progress', (p) => p.state === 'ocr' && resolve()));
    await s.ingest.queue.enqueue({
      bytes: await textImage(['Lease agreement', 'Flat 3, 12 Harbour Road']),
      name: 'lease.png',
    });
    await inOcr;
    await s.lock('idle');
    await s.settled();
    const vault = await openVault(s.vaultDir, { passphrase: TEST_PASSPHRASE });
    const jobs = await vault.context.db.read.all<{ state: string; attempts: number }>(
      'SELECT state, attempts FROM ingest_jobs',
    );
    await vault.close();
    // Before, the job was left in its running state and the next start counted it: three idle locks failed the file.
    expect(jobs).toEqual([{ state: 'queued', attempts: 0 }]);
  });
});
