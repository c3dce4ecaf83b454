import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { createVault, openVault } from './open-vault.js';
import { TEST_PASSPHRASE, tempVault } from './test-support.js';
import type { Vault } from './vault.js';

let t: Awaited<ReturnType<typeof tempVault>>;
let vault: Vault;
beforeEach(async () => {
  t = await tempVault();
  vault = t.vault;
});
afterEach(() => t.cleanup());

const text = (s: string) => Buffer.from(s, 'utf8');

describe('vault documents', () => {
  it('stores a document, returns its bytes and finds it by content', async () => {
    const added = await vault.add({
      bytes: text('Rental contract for Flat 4, signed by Anna Kowalski'),
      name: 'contract.txt',
    });
    expect(added.status).toBe('added');
    const doc = await vault.get(added.id);
    expect(doc).toMatchObject({ title: 'contract', originalName: 'contract.txt', mime: 'text/plain', size: 51 });
    expect((await vault.readContent(added.id)).toString()).toContain('Anna Kowalski');
    const hits = await vault.search('kowalski');
    expect(hits.map((h) => h.id)).toEqual([added.id]);
    expect(hits[0]!.snippet).toContain('<mark>Kowalski</mark>');
  });

  it('detects the type by content, not by name', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082',
      'hex',
    );
    const added = await vault.add({ bytes: png, name: 'looks-like.pdf' });
    expect((await vault.get(added.id)).mime).toBe('image/png');
  });

  it('reports a duplicate by content hash and stores it once', async () => {
    const first = await vault.add({ bytes: text('same bytes'), name: 'a.txt' });
    const second = await vault.add({ bytes: text('same bytes'), name: 'b.txt' });
    expect(second).toEqual({ status: 'duplicate', id: first.id, title: 'a', inTrash: false });
    expect(await vault.list()).toHaveLength(1);
  });

  it('ranks title matches first, highlights, and honours filters and exclusions', async () => {
    const a = await vault.add({
      bytes: text('Annual statement from the bank, savings account'),
      name: 'statement.txt',
      title: 'Bank statement 2023',
      createdAt: '2023-12-31T00:00:00Z',
      tags: ['finance'],
    });
    const b = await vault.add({
      bytes: text('Letter mentioning the bank once. Draft.'),
      name: 'letter.txt',
      createdAt: '2024-03-02T00:00:00Z',
    });
    const c = await vault.add({
      bytes: text('Health insurance card, member 42'),
      name: 'card.txt',
      type: 'ID card',
      createdAt: '2024-05-05T00:00:00Z',
    });
    expect((await vault.search('bank')).map((h) => h.id)).toEqual([a.id, b.id]);
    expect((await vault.search('bank -draft')).map((h) => h.id)).toEqual([a.id]);
    expect((await vault.search('bank tag:finance')).map((h) => h.id)).toEqual([a.id]);
    expect((await vault.search('type:"ID card"')).map((h) => h.id)).toEqual([c.id]);
    expect((await vault.search('"insurance card"')).map((h) => h.id)).toEqual([c.id]);
    expect((await vault.search('"card insurance"')).map((h) => h.id)).toEqual([]);
    expect((await vault.search('from:2024')).map((h) => h.id).sort()).toEqual([b.id, c.id].sort());
    expect((await vault.search('before:2024-04 after:2023')).map((h) => h.id)).toEqual([b.id]);
    expect((await vault.search('insur')).map((h) => h.id)).toEqual([c.id]);
    expect(await vault.search('nothing-like-this')).toEqual([]);
  });

  it('searches tags and notes and escapes snippets', async () => {
    const a = await vault.add({
      bytes: text('<script>alert(1)</script> receipt'),
      name: 'r.txt',
      notes: 'warranty until 2027',
    });
    await vault.tag(a.id, ['electronics']);
    expect((await vault.search('electronics')).map((h) => h.id)).toEqual([a.id]);
    expect((await vault.search('warranty')).map((h) => h.id)).toEqual([a.id]);
    const [hit] = await vault.search('receipt');
    expect(hit!.snippet).not.toContain('<script>');
    expect(hit!.snippet).toContain('&#60;script&#62;');
    await vault.untag(a.id, ['electronics']);
    expect(await vault.search('electronics')).toEqual([]);
  });

  it('edits metadata', async () => {
    const a = await vault.add({ bytes: text('x'), name: 'x.txt' });
    const doc = await vault.update(a.id, {
      title: 'Passport',
      type: 'ID',
      correspondent: 'Passport Office',
      notes: 'renew 2030',
    });
    expect(doc).toMatchObject({ title: 'Passport', type: 'ID', correspondent: 'Passport Office', notes: 'renew 2030' });
    expect((await vault.search('passport')).map((h) => h.id)).toEqual([a.id]);
  });

  it('keeps typed custom fields', async () => {
    const a = await t.vault.add({ bytes: text('policy'), name: 'p.txt' });
    await vault.setField(a.id, 'Policy number', 'text', 'HX-2231');
    await vault.setField(a.id, 'Premium', 'money', '42.50 EUR');
    await vault.setField(a.id, 'Renewal', 'date', '2027-03-01');
    expect((await vault.get(a.id)).customFields).toEqual([
      { name: 'Policy number', kind: 'text', value: 'HX-2231' },
      { name: 'Premium', kind: 'money', value: '42.50 EUR' },
      { name: 'Renewal', kind: 'date', value: '2027-03-01' },
    ]);
    await expect(vault.setField(a.id, 'Premium', 'money', 'lots')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.setField(a.id, 'Premium', 'number', '3')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await vault.setField(a.id, 'Premium', 'money', null);
    expect((await vault.get(a.id)).customFields.map((f) => f.name)).toEqual(['Policy number', 'Renewal']);
  });

  it('changes many documents at once, or none of them when one id is unknown', async () => {
    const a = (await vault.add({ bytes: text('first bill'), name: 'a.txt' })).id;
    const b = (await vault.add({ bytes: text('second bill'), name: 'b.txt' })).id;
    const state = async () =>
      Promise.all([a, b].map(async (id) => ((d) => [d.type, d.tags, d.deletedAt !== null])(await vault.get(id))));
    const before = await state();
    await expect(vault.updateMany([a, b, 'nope'], { type: 'Invoice' })).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    await expect(vault.retag([a, b, 'nope'], ['tax'], [])).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(vault.trash(a, b, 'nope')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    expect(await state()).toEqual(before);

    await vault.updateMany([a, b], { type: 'Invoice' });
    await vault.retag([a, b], ['tax', '2026'], []);
    await vault.retag([a], [], ['2026']);
    await vault.trash(a, b);
    expect(await state()).toEqual([
      ['Invoice', ['tax'], true],
      ['Invoice', ['2026', 'tax'], true],
    ]);
    await vault.restore(a, b);
    expect((await vault.list()).length).toBe(2);
  });

  it('unknown ids give DOCUMENT_NOT_FOUND', async () => {
    await expect(vault.get('nope')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(vault.trash('nope')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  });
});

describe('trash', () => {
  it('moves to trash, restores, and purges after the retention period', async () => {
    const a = await vault.add({ bytes: text('tax return 2022'), name: 'tax.txt' });
    await vault.trash(a.id);
    expect(await vault.search('tax')).toEqual([]);
    expect((await vault.search('tax', { scope: 'trash' })).map((h) => h.id)).toEqual([a.id]);
    expect((await vault.add({ bytes: text('tax return 2022'), name: 'again.txt' })).status).toBe('duplicate');
    await vault.restore(a.id);
    expect((await vault.search('tax')).map((h) => h.id)).toEqual([a.id]);

    await vault.trash(a.id);
    const stored = (await vault.context.db.read.get<{ blob_name: string }>('SELECT blob_name FROM documents'))!
      .blob_name;
    expect((await vault.purge()).purged).toBe(0);
    const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    expect((await vault.purge({ now: later })).purged).toBe(1);
    await expect(vault.get(a.id)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(readFile(vault.context.blobs.pathOf(stored))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await vault.context.db.read.all('SELECT rowid FROM doc_fts')).toEqual([]);
    expect((await vault.verifyAudit()).ok).toBe(true);
  });
});

describe('unlocking', () => {
  it('reopens with the passphrase and refuses a wrong one with growing delays that survive a restart', async () => {
    await vault.close();
    await expect(openVault(t.dir, { passphrase: 'wrong one' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(openVault(t.dir, { passphrase: 'wrong two' })).rejects.not.toHaveProperty('details.retryAfterMs');
    // The third starts a wait, and says how long, so the window can count it down.
    await expect(openVault(t.dir, { passphrase: 'wrong three' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      details: { failures: 3, retryAfterMs: 1000 },
    });
    // The state is on disk: a new process sees it the same way.
    const state = JSON.parse(await readFile(join(t.dir, 'unlock-state.json'), 'utf8'));
    expect(state.failures).toBe(3);
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'UNLOCK_THROTTLED' });
    await writeFile(join(t.dir, 'unlock-state.json'), JSON.stringify({ ...state, lastFailureAt: Date.now() - 60_000 }));
    vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    await expect(readFile(join(t.dir, 'unlock-state.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('changes the passphrase by re-wrapping only', async () => {
    const a = await vault.add({ bytes: text('kept'), name: 'k.txt' });
    await expect(vault.changePassphrase('not it', 'new passphrase 5678')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await vault.changePassphrase(TEST_PASSPHRASE, 'new passphrase 5678', TEST_KDF);
    await vault.close();
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    vault = await openVault(t.dir, { passphrase: 'new passphrase 5678' });
    expect((await vault.readContent(a.id)).toString()).toBe('kept');
  });

  it('refuses a second process while open', async () => {
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'VAULT_LOCKED_BY_OTHER_PROCESS',
    });
  });

  it('gives clear errors for a missing, corrupt or foreign vault and overwrites nothing', async () => {
    await vault.close();
    await expect(openVault(join(t.root, 'nothing-here'), { passphrase: 'x' })).rejects.toMatchObject({
      code: 'VAULT_NOT_FOUND',
    });
    const keyPath = join(t.dir, 'vault.key');
    const original = await readFile(keyPath, 'utf8');
    await writeFile(keyPath, original.slice(0, 100));
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    expect(await readFile(keyPath, 'utf8')).toBe(original.slice(0, 100));
    await writeFile(keyPath, JSON.stringify({ format: 'something-else' }));
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toThrow(/not a Lockleaf vault/);
    await expect(createVault(t.dir, TEST_PASSPHRASE, { kdfCost: TEST_KDF })).rejects.toMatchObject({
      code: 'VAULT_EXISTS',
    });
    await writeFile(keyPath, original);
    // A database that is not this vault's: refused, and left as it was.
    const dbPath = join(t.dir, 'vault.db');
    await writeFile(dbPath, Buffer.alloc(8192, 7));
    await expect(openVault(t.dir, { passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    expect((await readFile(dbPath)).equals(Buffer.alloc(8192, 7))).toBe(true);
    t.vault = vault = await createVault(join(t.root, 'v2'), TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  });

  it('hands services a store that holds no keys, at run time too', async () => {
    const t = await tempVault();
    const store = t.vault.store as unknown as Record<string, unknown>;
    for (const name of ['keyring', 'root', 'rootKey', 'auditKey', 'keyFile', 'paths'])
      expect(store[name], name).toBeUndefined();
    expect(Object.isFrozen(store)).toBe(true);
    await t.vault.add({ bytes: Buffer.from('through the store'), name: 'a.txt' });
    expect((await t.vault.store.db.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM documents'))?.n).toBe(1);
    await t.cleanup();
  });
});
