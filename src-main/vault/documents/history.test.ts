import { afterEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../sync/engine/test-devices.js';
import { tempVault } from '../test-support.js';
import { documentHistory } from './history.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('documentHistory', () => {
  it('lists adding, the last edit, trashing, and the sends and AI requests that named the document, newest first', async () => {
    const temp = await tempVault();
    cleanup = temp.cleanup;
    const { vault } = temp;
    const { id } = await vault.add({ bytes: Buffer.from('tenancy agreement, flat 3'), name: 'lease.pdf' });
    const { id: other } = await vault.add({ bytes: Buffer.from('another paper'), name: 'other.pdf' });
    expect(await documentHistory(vault.store.db.read, id)).toEqual([
      { at: expect.any(String), kind: 'added', detail: 'lease.pdf' },
    ]);

    await new Promise((r) => setTimeout(r, 5)); // a later millisecond than the adding
    await vault.update(id, { title: 'Lease', notes: 'a private note' });
    await vault.store.audit('mail.sent', {
      message: 'm1',
      mailbox: 'work',
      recipientDomains: 'example.org',
      documents: `${other},${id}`,
      size: 1234,
    });
    await vault.store.audit('mail.sent', { message: 'm2', recipientDomains: 'elsewhere.org', documents: other });
    await vault.store.audit('ai.request', { document: id, model: 'claude-test', chars: 10, sha256: 'ab' });

    const history = await documentHistory(vault.store.db.read, id);
    expect(history.map((e) => [e.kind, e.detail])).toEqual([
      ['ai', 'claude-test'],
      ['sent', 'example.org'],
      ['edited', 'details'],
      ['added', 'lease.pdf'],
    ]);
    const times = history.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // What was typed never crosses: only what changed, by name.
    expect(JSON.stringify(history)).not.toContain('private note');
    // Trashing sets the row's last change too (without sync, the edit's own time is gone then).
    await vault.trash(id);
    expect((await documentHistory(vault.store.db.read, id)).map((e) => e.kind)).toEqual([
      'trashed',
      'ai',
      'sent',
      'added',
    ]);
    await expect(documentHistory(vault.store.db.read, 'no-such-id')).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
  });
});

describe('documentHistory with sync set up', () => {
  let cloud: TestCloud | undefined;
  afterEach(async () => {
    await cloud?.close();
    cloud = undefined;
  });

  it('names each field edited, tags added and removed and a restore, from the sync clocks', async () => {
    cloud = await startTestCloud();
    let id = '';
    const a = await cloud.first('laptop', async (vault) => {
      ({ id } = await vault.add({ bytes: Buffer.from('a contract'), name: 'contract.pdf', tags: ['home'] }));
    });
    await a.engine.sync();
    // The first capture is no edit.
    expect((await documentHistory(a.vault.store.db.read, id)).map((e) => e.kind)).toEqual(['added']);

    await new Promise((r) => setTimeout(r, 1100)); // later than the first capture, as a person's edit is
    await a.vault.update(id, { title: 'Contract 2027', correspondent: 'City Hall' });
    await a.vault.retag([id], ['work'], ['home']);
    await a.vault.trash(id);
    await a.engine.sync();
    await a.vault.restore(id);
    await a.engine.sync();

    const history = await documentHistory(a.vault.store.db.read, id);
    const seen = history.map((e) => `${e.kind} ${e.detail}`.trim());
    expect(seen).toEqual(
      expect.arrayContaining(['edited title', 'edited correspondent', 'tagged work', 'untagged home', 'restored']),
    );
    expect(seen).toContain('added contract.pdf');
    // The clocks account for the row's last change: no vaguer entry beside them.
    expect(seen).not.toContain('edited details');
  });
});
