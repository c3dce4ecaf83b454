/**
 * A send cut off by a crash goes out exactly once: the CLI is killed -9 while
 * the SMTP server holds the message unacknowledged (so the server, like any
 * real one, drops it), and the next run sends it, once, with the same
 * Message-ID. A run after that sends nothing more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/test-cli.js';
import { createLogger } from '../log/logger.js';
import { openVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempVault } from '../vault/test-support.js';
import { MailService } from './mail-service.js';
import { DEFAULT_PROVIDERS } from './oauth/providers.js';
import { startSmtpPeer, type SmtpPeer } from './test-peers/smtp-peer.js';

let cleanup: (() => Promise<void>) | undefined;
let peer: SmtpPeer | undefined;
afterEach(async () => {
  await cleanup?.();
  await peer?.close();
});

const log = createLogger();

async function withMail<T>(dir: string, fn: (mail: MailService) => Promise<T>): Promise<T> {
  const vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
  try {
    return await fn(new MailService(vault, { providers: DEFAULT_PROVIDERS, log }));
  } finally {
    await vault.close();
  }
}

describe('outbox crash safety', () => {
  it('a send killed mid-transfer is sent exactly once after restart', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    let killChild: (() => Promise<void>) | undefined;
    peer = await startSmtpPeer({
      // The first message's data has arrived but is not acknowledged: kill the sender now.
      beforeAccept: async () => {
        if (killChild) {
          const kill = killChild;
          killChild = undefined;
          await kill();
        }
      },
    });
    const doc = await t.vault.add({ bytes: Buffer.from('signed contract'), name: 'contract.txt' });
    await new MailService(t.vault, { providers: DEFAULT_PROVIDERS, log }).addSmtp({
      name: 'work',
      host: '127.0.0.1',
      port: peer.port,
      user: peer.user,
      password: peer.password,
      security: 'starttls',
      allowSelfSigned: true,
    });
    await t.vault.close();

    const { child, result } = spawnCli(['--vault', t.dir, 'send', doc.id, '--to', 'bob@example.org']);
    killChild = async () => {
      child.kill('SIGKILL');
      await result;
      await new Promise((r) => setTimeout(r, 200));
    };
    const killed = await result;
    expect(killed.signal).toBe('SIGKILL');
    expect(peer.dataStarted).toBe(1);
    expect(peer.received).toHaveLength(0);

    const [item] = await withMail(t.dir, async (mail) => {
      const before = await mail.outbox.list();
      expect(before.map((i) => [i.state, i.attempts])).toEqual([['sending', 1]]);
      await mail.outbox.drain();
      return mail.outbox.list();
    });
    expect(item).toMatchObject({ state: 'sent', attempts: 2 });
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]!.messageId).toBe(`<${item!.id}@example.test>`);

    // Later runs find nothing to send.
    await withMail(t.dir, (mail) => mail.outbox.drain());
    expect(peer.received).toHaveLength(1);
  });

  it('a message queued just before a quit is sent once by the next run', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    peer = await startSmtpPeer();
    const doc = await t.vault.add({ bytes: Buffer.from('card'), name: 'card.txt' });
    const mail = new MailService(t.vault, { providers: DEFAULT_PROVIDERS, log });
    await mail.addSmtp({
      name: 'work',
      host: '127.0.0.1',
      port: peer.port,
      user: peer.user,
      password: peer.password,
      security: 'starttls',
      allowSelfSigned: true,
    });
    await mail.send({ documentIds: [doc.id], to: ['bob@example.org'] });
    await t.vault.close();
    expect(peer.received).toHaveLength(0);
    const { result } = spawnCli(['--vault', t.dir, 'outbox']);
    const run = await result;
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^sent /m);
    await withMail(t.dir, (m) => m.outbox.drain());
    expect(peer.received).toHaveLength(1);
  });
});
