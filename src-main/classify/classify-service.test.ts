import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptInputFor } from '../../src-shared/classify/accept-input.js';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.js';
import { createIngest } from '../ingest/ingest-service.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { startClassify } from '../ipc/session-classify.js';
import { tempVault } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { ClassifyService } from './classify-service.js';
import { labelsFingerprint, trainingRows } from './training-set.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const t = await tempVault();
  const ingest = createIngest(t.vault, { dataDir: t.root, workers: 1 });
  const counts: number[] = [];
  const session = startClassify(
    t.vault,
    ingest.queue,
    (n) => counts.push(n),
    () => DEFAULT_SETTINGS,
    {},
  );
  ingest.queue.start();
  cleanups.push(async () => {
    await session.close();
    await ingest.close();
    await t.cleanup();
  });
  return { vault: t.vault, ingest, classify: session.classify, counts };
}

const INVOICE = (n: number) => [
  'Northwind Energy Ltd',
  `Invoice number NW-${1000 + n}`,
  `Invoice date: 0${n + 1}/03/2025`,
  'Electricity supply for the period February 2025',
  'Meter reading and tariff: standard unit rate, standing charge',
  `Total due: EUR ${100 + n}.50`,
  `Payment due by 2${n}/03/2025`,
];
const CONTRACT = (n: number) => [
  `Tenancy agreement ${n}`,
  'This agreement is made between the landlord and the tenant.',
  'The tenant shall pay the rent monthly in advance.',
  'The term of this lease begins on the commencement date.',
  'Either party may terminate this agreement with notice.',
];

/** Documents the user filed by hand (added directly, as an import does: they never enter the Inbox). */
async function fileByHand(vault: Vault, lines: string[], type: string, tags: string[] = []) {
  const added = await vault.add({
    bytes: Buffer.from(lines.join('\n')),
    name: `${lines[0]}.txt`,
    pages: [{ pageNo: 1, text: lines.join('\n'), confidence: null }],
    type,
    tags,
  });
  return added.id;
}

describe('the Inbox', () => {
  it('holds a document read by ingest with what its text says, and accepting files it and empties the Inbox', async () => {
    const { vault, ingest, classify, counts } = await setUp();
    const r = await ingest.queue.enqueue({ bytes: await textPdf([INVOICE(2)]), name: 'scan-0042.pdf' });
    await ingest.queue.idle();
    await vi.waitFor(async () => expect((await classify.item(r.documentId))?.suggestion).toBeTruthy());
    const item = (await classify.item(r.documentId))!;
    expect(item.suggestion).toMatchObject({
      source: 'device',
      documentDate: '2025-03-03',
      total: { value: 102.5, currency: 'EUR' },
      dueDate: '2025-03-22',
    });
    expect(await classify.count()).toBe(1);
    expect(counts.at(-1)).toBe(1);

    // Nothing was applied while it waited.
    const before = await vault.get(r.documentId);
    expect(before.customFields).toEqual([]);
    expect(before.title).toBe('scan-0042');

    await classify.accept({ ...acceptInputFor(item), type: 'Invoice', tags: ['energy'] });
    const after = await vault.get(r.documentId);
    expect(after.createdAt.slice(0, 10)).toBe('2025-03-03');
    expect(after.type).toBe('Invoice');
    expect(after.tags).toEqual(['energy']);
    expect(after.customFields).toEqual(
      expect.arrayContaining([
        { name: 'Total', kind: 'money', value: '102.50 EUR' },
        { name: 'Due date', kind: 'date', value: '2025-03-22' },
      ]),
    );
    expect(await classify.count()).toBe(0);
    await vi.waitFor(() => expect(counts.at(-1)).toBe(0));
  });

  it('learns only from reviewed documents, and suggests the types the user filed', async () => {
    const { vault, ingest, classify } = await setUp();
    for (let n = 0; n < 3; n++) await fileByHand(vault, INVOICE(n), 'Invoice', ['bills']);
    for (let n = 0; n < 3; n++) await fileByHand(vault, CONTRACT(n), 'Contract');
    const pending = await ingest.queue.enqueue({ bytes: await textPdf([INVOICE(5)]), name: 'new.pdf' });
    await ingest.queue.idle();
    // The user typed a (wrong) type on a document still in the Inbox: not a reviewed label yet.
    await vault.update(pending.documentId, { type: 'Contract' });
    expect((await trainingRows(vault.store.db.read)).map((r) => r.type).sort()).toEqual([
      'Contract',
      'Contract',
      'Contract',
      'Invoice',
      'Invoice',
      'Invoice',
    ]);

    await classify.retrain();
    const status = await classify.status();
    expect(status.examples).toBe(6);
    const suggestion = await classify.suggest(pending.documentId);
    expect(suggestion.type?.name).toBe('Invoice');
    expect(suggestion.tags.map((t) => t.name)).toEqual(['bills']);

    // Reviewed (dismissed as it is): now it teaches the classifier, and the labels' fingerprint moves.
    const { fingerprint } = await labelsFingerprint(vault.store.db.read);
    await classify.dismiss([pending.documentId]);
    expect((await labelsFingerprint(vault.store.db.read)).fingerprint).not.toBe(fingerprint);
    await classify.retrain();
    expect((await classify.status()).examples).toBe(7);
  });

  it('keeps the model in the vault and trains again when the stored one cannot be read', async () => {
    const { vault, classify } = await setUp();
    await fileByHand(vault, INVOICE(1), 'Invoice');
    await fileByHand(vault, CONTRACT(1), 'Contract');
    await classify.retrain();
    const row = await vault.store.db.read.get<{ model: string }>('SELECT model FROM classifier_model');
    expect(row?.model.length).toBeGreaterThan(100);

    await vault.store.db.write((tx) => tx.run(`UPDATE classifier_model SET model = '{"version":999}'`));
    const again = new ClassifyService(vault.store);
    await again.start();
    await again.close();
    const rebuilt = await vault.store.db.read.get<{ model: string }>('SELECT model FROM classifier_model');
    expect(rebuilt?.model).not.toBe('{"version":999}');
  });

  it('asked again (classify), a reviewed document comes back to the Inbox', async () => {
    const { ingest, classify } = await setUp();
    const r = await ingest.queue.enqueue({ bytes: await textPdf([CONTRACT(1)]), name: 'lease.pdf' });
    await ingest.queue.idle();
    await vi.waitFor(async () => expect((await classify.item(r.documentId))?.suggestion).toBeTruthy());
    await classify.dismiss([r.documentId]);
    expect(await classify.count()).toBe(0);
    await classify.suggest(r.documentId, { reopen: true });
    expect((await classify.list()).map((i) => i.id)).toEqual([r.documentId]);
  });

  it("accepting as suggested keeps the document's own total and dates, and tags added since the form was drawn", async () => {
    const { vault, ingest, classify } = await setUp();
    const r = await ingest.queue.enqueue({ bytes: await textPdf([CONTRACT(2)]), name: 'lease.pdf' });
    await ingest.queue.idle();
    await vi.waitFor(async () => expect((await classify.item(r.documentId))?.suggestion).toBeTruthy());
    await vault.setField(r.documentId, 'Total', 'money', '99.00 EUR');
    await vault.setField(r.documentId, 'Expiry date', 'date', '2031-01-01');
    const item = (await classify.item(r.documentId))!;
    expect(item.current).toMatchObject({ total: { value: 99, currency: 'EUR' }, expiryDate: '2031-01-01' });
    // Tagged elsewhere (the library, another device) after the Inbox drew its form.
    await vault.tag(r.documentId, ['medical']);
    await classify.accept(acceptInputFor(item));
    const doc = await vault.get(r.documentId);
    expect(doc.tags).toEqual(['medical']);
    expect(doc.customFields).toEqual(
      expect.arrayContaining([
        { name: 'Total', kind: 'money', value: '99.00 EUR' },
        { name: 'Expiry date', kind: 'date', value: '2031-01-01' },
      ]),
    );
    // Tags the user took off in the form do go.
    await classify.suggest(r.documentId, { reopen: true });
    await classify.accept({
      ...acceptInputFor((await classify.item(r.documentId))!),
      tags: [],
      removeTags: ['medical'],
    });
    expect((await vault.get(r.documentId)).tags).toEqual([]);
  });

  it("a field of the user's named like ours, of another kind, blocks only the value that cannot go in it", async () => {
    const { vault, ingest, classify } = await setUp();
    const other = await fileByHand(vault, CONTRACT(3), 'Contract');
    await vault.setField(other, 'Total', 'number', '12');
    const r = await ingest.queue.enqueue({ bytes: await textPdf([INVOICE(1)]), name: 'bill.pdf' });
    await ingest.queue.idle();
    await vi.waitFor(async () => expect((await classify.item(r.documentId))?.suggestion).toBeTruthy());
    const input = acceptInputFor((await classify.item(r.documentId))!);
    await expect(classify.accept(input)).rejects.toThrow(/Your field "Total" holds number values.*Rename/);
    expect(await classify.count()).toBe(1);
    await classify.accept({ ...input, total: null });
    expect(await classify.count()).toBe(0);
    expect((await vault.get(r.documentId)).customFields.map((f) => f.name)).toEqual(['Due date']);
  });
});
