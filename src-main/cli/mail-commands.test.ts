import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { startSmtpPeer, type SmtpPeer } from '../mail/test-peers/smtp-peer.js';
import { createVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { main } from './main.js';

let cleanup: (() => Promise<void>) | undefined;
let peer: SmtpPeer | undefined;
afterEach(async () => {
  await cleanup?.();
  await peer?.close();
});

async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const vaultDir = join(t.dir, 'vault');
  const vault = await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  const doc = await vault.add({ bytes: Buffer.from('lease text'), name: 'lease.txt' });
  await vault.close();
  const run = async (input: string, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE },
      stdin: async () => input,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { run, docId: doc.id };
}

describe('lockleaf mailbox / send / outbox', () => {
  it('adds an SMTP mailbox from stdin, sends, lists and removes', async () => {
    const { run, docId } = await setup();
    peer = await startSmtpPeer();
    const smtp = [
      'mailbox',
      'add',
      'smtp',
      '--name',
      'work',
      '--host',
      '127.0.0.1',
      '--port',
      String(peer.port),
      '--user',
      peer.user,
      '--password-stdin',
    ];

    const untrusted = await run(`${peer.password}\n`, ...smtp);
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toMatch(/certificate is not trusted.*--allow-self-signed\. \[MAIL_CERTIFICATE_INVALID\]/);

    const added = await run(`${peer.password}\n`, ...smtp, '--allow-self-signed');
    expect(added).toMatchObject({ code: 0, out: `connected work (smtp 127.0.0.1:${peer.port})` });
    expect(added.err).toMatch(/certificate verification is off/);
    expect((await run('', 'mailbox', 'ls')).out).toBe(`* work  smtp  ${peer.user}`);

    const sent = await run('', 'send', docId, '--to', 'bob@example.org', '--subject', 'The lease');
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(/^sent {2}\S+ {2}"The lease" to bob@example.org via work$/);
    expect(peer.received.map((m) => m.subject)).toEqual(['The lease']);

    const listed = JSON.parse((await run('', 'outbox', '--json')).out) as { state: string }[];
    expect(listed.map((i) => i.state)).toEqual(['sent']);
    expect((await run('', 'mailbox', 'rm', 'work')).out).toBe('removed work');
    expect((await run('', 'mailbox', 'ls')).err).toMatch(/No mailboxes yet/);
  });

  it('explains what is wrong with bad input', async () => {
    const { run, docId } = await setup();
    expect((await run('', 'mailbox', 'add', 'smtp', '--name', 'x', '--host', 'h', '--user', 'u')).err).toMatch(
      /--password-stdin/,
    );
    expect((await run('', 'mailbox', 'add', 'pigeon', '--name', 'x')).err).toMatch(/Unknown mailbox kind/);
    expect((await run('', 'send', docId, '--to', 'bob@example.org')).err).toMatch(
      /No mailbox is connected yet.*\[NO_MAILBOX\]/,
    );
    expect((await run('', 'send', docId)).err).toMatch(/--to/);
  });
});
