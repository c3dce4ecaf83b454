import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDocumentId, liveContentId } from './content-id.js';
import { formatHlc } from './hlc.js';
import { applyChanges, type AuthoredChange, emptyState, readRecord } from './lww.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('content-derived document ids', () => {
  const key = randomBytes(32);
  const vaultId = randomUUID();

  it('the same file added on two devices offline gets one id, and the two adds merge into one document', () => {
    const file = sha('scan of the lease');
    const onLaptop = contentDocumentId(key, { vaultId, sha256: file });
    const onDesktop = contentDocumentId(Buffer.from(key), { vaultId: vaultId.toUpperCase(), sha256: file });
    expect(onLaptop).toBe(onDesktop);
    expect(onLaptop).toMatch(UUID_V8);

    const add = (device: string, ms: number, fields: Record<string, unknown>): AuthoredChange[] =>
      Object.entries(fields).map(([field, value]) => ({
        author: device.repeat(32),
        change: {
          entity: 'document',
          id: onLaptop,
          field,
          value,
          hlc: formatHlc({ wallMs: ms, counter: 0, deviceId: device.repeat(32) }),
          prev: null,
        },
      }));
    const laptop = add('a', 1_000, { title: 'lease', originalName: 'lease.pdf', tags: ['home'] });
    const desktop = add('b', 2_000, { title: 'lease', originalName: 'Lease (1).pdf' });
    const one = applyChanges(emptyState(), [...laptop, ...desktop]);
    const two = applyChanges(emptyState(), [...desktop, ...laptop]);
    expect(one.state).toEqual(two.state);
    expect(readRecord(one.state, 'document', onLaptop)).toEqual({
      title: 'lease',
      originalName: 'Lease (1).pdf',
      tags: ['home'],
    });
    // The differing file name stays visible as a conflict; the same title is no conflict.
    expect(one.conflicts.map((c) => [c.field, c.lost.value])).toEqual([['originalName', 'lease.pdf']]);
  });

  it('differs with the content, the vault, the key and the generation', () => {
    const base = contentDocumentId(key, { vaultId, sha256: sha('x') });
    expect(contentDocumentId(key, { vaultId, sha256: sha('y') })).not.toBe(base);
    expect(contentDocumentId(key, { vaultId: randomUUID(), sha256: sha('x') })).not.toBe(base);
    expect(contentDocumentId(randomBytes(32), { vaultId, sha256: sha('x') })).not.toBe(base);
    expect(contentDocumentId(key, { vaultId, sha256: sha('x'), generation: 1 })).not.toBe(base);
  });

  it('does not reveal the content hash: the id shares no run of its bytes with the SHA-256', () => {
    const file = sha('payslip');
    const id = contentDocumentId(key, { vaultId, sha256: file }).replaceAll('-', '');
    for (let i = 0; i + 8 <= id.length; i++) expect(file).not.toContain(id.slice(i, i + 8));
  });

  it('a file added again after its document was purged takes the next free generation', () => {
    const input = { vaultId, sha256: sha('receipt') };
    const gen0 = contentDocumentId(key, input);
    const gen1 = contentDocumentId(key, { ...input, generation: 1 });
    expect(liveContentId(key, input, () => false)).toBe(gen0);
    expect(liveContentId(key, input, (id) => id === gen0)).toBe(gen1);
  });

  it('refuses a key that is not 32 bytes and a hash that is not SHA-256 hex', () => {
    expect(() => contentDocumentId(randomBytes(16), { vaultId, sha256: sha('x') })).toThrow(/32 bytes/);
    expect(() => contentDocumentId(key, { vaultId, sha256: 'abc' })).toThrow(/sha256/);
  });
});
