import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { startSmtpPeer, type SmtpPeer } from '../mail/test-peers/smtp-peer.js';
import { waitFor } from '../mail/test-mail.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import {
  buildTrayMenu,
  notSentNotice,
  sendFromTray,
  sendingNotice,
  type SendConfirmation,
  type TrayEntry,
} from './tray-menu.js';

let cleanup: (() => Promise<void>) | undefined;
let peer: SmtpPeer | undefined;
afterEach(async () => {
  await cleanup?.();
  await peer?.close();
  cleanup = undefined;
  peer = undefined;
});

const labels = (entries: TrayEntry[]) => entries.map((e) => ('label' in e ? e.label : '---'));
const find = (entries: TrayEntry[], label: string) =>
  entries.find((e) => 'label' in e && e.label === label) as Extract<TrayEntry, { label: string }>;

describe('tray menu', () => {
  it('shows pinned and recent documents, and a click sends a document to a recent recipient once confirmed', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    expect(labels(await buildTrayMenu(session))).toEqual([
      'Open Lockleaf',
      '---',
      'Locked: open Lockleaf to unlock',
      '---',
      'Quit',
    ]);

    await session.create(TEST_PASSPHRASE);
    const card = await session.vault.add({ bytes: Buffer.from('insurance card bytes'), name: 'card.pdf' });
    await session.vault.update(card.id, { title: 'Insurance card' });
    const lease = await session.vault.add({ bytes: Buffer.from('lease bytes'), name: 'lease.pdf' });
    await session.vault.update(lease.id, { title: 'Lease' });
    await session.vault.pin(card.id, true);

    let menu = await buildTrayMenu(session);
    expect(labels(menu)).toEqual([
      'Open Lockleaf',
      '---',
      'Pinned',
      'Insurance card',
      'Recent',
      'Lease',
      '---',
      'Lock',
      '---',
      'Quit',
    ]);
    expect(labels(find(menu, 'Insurance card').submenu!)).toEqual([
      'Open',
      '---',
      'Connect a mailbox in Settings to send',
    ]);

    peer = await startSmtpPeer();
    await session.mail.addSmtp({
      name: 'work',
      host: '127.0.0.1',
      port: peer.port,
      user: peer.user,
      password: peer.password,
      security: 'starttls',
      allowSelfSigned: true,
    });
    await session.mail.send({ documentIds: [lease.id], to: ['agent@lettings.example'] });
    await waitFor(async () => peer!.received.length === 1);

    menu = await buildTrayMenu(session);
    const cardMenu = find(menu, 'Insurance card').submenu!;
    expect(labels(cardMenu)).toEqual(['Open', '---', 'via work', 'Send to agent@lettings.example']);
    const click = find(cardMenu, 'Send to agent@lettings.example').action!;
    expect(click).toEqual({ kind: 'send', documentId: card.id, to: 'agent@lettings.example' });
    if (click.kind !== 'send') throw new Error('unreachable');

    // A mis-click: the question is asked, the answer is no, nothing is queued.
    const asked: SendConfirmation[] = [];
    const cancelled = await sendFromTray(session, click, async (question) => {
      asked.push(question);
      return false;
    });
    expect(cancelled).toBeUndefined();
    expect(asked).toEqual([
      {
        message: 'Send “Insurance card” to agent@lettings.example?',
        detail: 'The document leaves the vault decrypted, attached to an email from work.',
        confirm: 'Send',
        cancel: 'Cancel',
      },
    ]);
    expect(await session.mail.outbox.list()).toHaveLength(1);

    const item = await sendFromTray(session, click, async () => true);
    if (!item) throw new Error('expected the confirmed send to be queued');
    await waitFor(async () => (await session.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.received).toHaveLength(2);
    expect(peer.received[1]!.subject).toBe('Insurance card');
    expect(peer.received[1]!.attachments[0]!.content.toString()).toBe('insurance card bytes');
    expect(sendingNotice(item, click.to, true)).toBe('Sending "Insurance card" to agent@lettings.example');
    expect(sendingNotice(item, click.to, false)).toBe('Sending a document to agent@lettings.example');
    const refused = new Error('"Insurance card" is in the trash; restore it to send it.');
    expect(notSentNotice(refused, true)).toBe(refused.message);
    expect(notSentNotice(refused, false)).not.toContain('Insurance card');
  });

  it('numbers documents instead of naming them when titles are hidden', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    await session.create(TEST_PASSPHRASE);
    const card = await session.vault.add({ bytes: Buffer.from('insurance card bytes'), name: 'card.pdf' });
    await session.vault.update(card.id, { title: 'Insurance card' });
    const lease = await session.vault.add({ bytes: Buffer.from('lease bytes'), name: 'lease.pdf' });
    await session.vault.update(lease.id, { title: 'Lease' });
    await session.vault.pin(card.id, true);
    expect(labels(await buildTrayMenu(session))).toContain('Insurance card');

    await session.updateSettings({ trayShowTitles: false });
    const menu = await buildTrayMenu(session);
    expect(labels(menu)).toEqual([
      'Open Lockleaf',
      '---',
      'Pinned',
      'Document 1',
      'Recent',
      'Document 2',
      '---',
      'Lock',
      '---',
      'Quit',
    ]);
    expect(JSON.stringify(menu)).not.toMatch(/Insurance|Lease|card\.pdf|lease\.pdf/);
    expect(find(menu, 'Document 1').submenu![0]).toEqual({
      label: 'Open',
      action: { kind: 'openDocument', documentId: card.id },
    });
  });

  it('shows the Inbox count and what is due soon, each opening its document, titles hidden as asked', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    await session.create(TEST_PASSPHRASE);
    const bill = await session.vault.add({ bytes: Buffer.from('phone bill'), name: 'bill.txt', title: 'Phone bill' });
    const soon = new Date(Date.now() + 3 * 86_400_000);
    const day = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}`;
    await session.vault.setField(bill.id, 'Due date', 'date', day);
    await session.ingest.queue.enqueue({ bytes: await textPdf([['A new letter']]), name: 'letter.pdf' });
    await waitFor(async () => (await session.inbox.classify.count()) === 1);

    let menu = await buildTrayMenu(session);
    expect(labels(menu).slice(0, 6)).toEqual([
      'Open Lockleaf',
      '---',
      'Inbox: 1 to review',
      '---',
      'Due soon',
      'Phone bill: due in 3 days',
    ]);
    expect(find(menu, 'Phone bill: due in 3 days').action).toEqual({ kind: 'openDocument', documentId: bill.id });

    await session.updateSettings({ trayShowTitles: false });
    menu = await buildTrayMenu(session);
    expect(labels(menu)).toContain('Due in 3 days');
    expect(JSON.stringify(menu)).not.toMatch(/Phone bill/);
  });
});
