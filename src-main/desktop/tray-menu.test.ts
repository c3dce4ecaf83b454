import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { startSmtpPeer, type SmtpPeer } from '../mail/test-peers/smtp-peer.js';
import { waitFor } from '../mail/test-mail.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { buildTrayMenu, sendFromTray, type TrayEntry } from './tray-menu.js';

let cleanup: (() => Promise<void>) | undefined;
let peer: SmtpPeer | undefined;
afterEach(async () => {
  await cleanup?.();
  await peer?.close();
});

const labels = (entries: TrayEntry[]) => entries.map((e) => ('label' in e ? e.label : '---'));
const find = (entries: TrayEntry[], label: string) => entries.find((e) => 'label' in e && e.label === label) as Extract<TrayEntry, { label: string }>;

describe('tray menu', () => {
  it('shows pinned and recent documents, and one click sends a document to a recent recipient', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    expect(labels(await buildTrayMenu(session))).toEqual(['Open Lockleaf', '---', 'Locked: open Lockleaf to unlock', '---', 'Quit']);

    await session.create(TEST_PASSPHRASE);
    const card = await session.vault.add({ bytes: Buffer.from('insurance card bytes'), name: 'card.pdf' });
    await session.vault.update(card.id, { title: 'Insurance card' });
    const lease = await session.vault.add({ bytes: Buffer.from('lease bytes'), name: 'lease.pdf' });
    await session.vault.update(lease.id, { title: 'Lease' });
    await session.vault.pin(card.id, true);

    let menu = await buildTrayMenu(session);
    expect(labels(menu)).toEqual(['Open Lockleaf', '---', 'Pinned', 'Insurance card', 'Recent', 'Lease', '---', 'Lock', '---', 'Quit']);
    expect(labels(find(menu, 'Insurance card').submenu!)).toEqual(['Open', '---', 'Connect a mailbox in Settings to send']);

    peer = await startSmtpPeer();
    await session.mail.addSmtp({ name: 'work', host: '127.0.0.1', port: peer.port, user: peer.user, password: peer.password, security: 'starttls', allowSelfSigned: true });
    await session.mail.send({ documentIds: [lease.id], to: ['agent@lettings.example'] });
    await waitFor(async () => peer!.received.length === 1);

    menu = await buildTrayMenu(session);
    const cardMenu = find(menu, 'Insurance card').submenu!;
    expect(labels(cardMenu)).toEqual(['Open', '---', 'via work', 'Send to agent@lettings.example']);
    const click = find(cardMenu, 'Send to agent@lettings.example').action!;
    expect(click).toEqual({ kind: 'send', documentId: card.id, to: 'agent@lettings.example' });
    if (click.kind !== 'send') throw new Error('unreachable');
    const item = await sendFromTray(session, click);
    await waitFor(async () => (await session.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.received[1]!.subject).toBe('Insurance card');
    expect(peer.received[1]!.attachments[0]!.content.toString()).toBe('insurance card bytes');
  });
});
