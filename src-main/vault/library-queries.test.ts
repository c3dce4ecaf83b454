import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { tempVault } from './test-support.js';

let t: Awaited<ReturnType<typeof tempVault>>;
beforeEach(async () => {
  t = await tempVault();
});
afterEach(() => t.cleanup());

async function doc(
  title: string,
  createdAt: string,
  filing: { type?: string; correspondent?: string; tags?: string[] } = {},
) {
  const { id } = await t.vault.add({ bytes: Buffer.from(`${title} body text`), name: `${title}.txt` });
  await t.vault.update(id, {
    title,
    createdAt,
    ...(filing.type ? { type: filing.type } : {}),
    ...(filing.correspondent ? { correspondent: filing.correspondent } : {}),
  });
  if (filing.tags) await t.vault.tag(id, filing.tags);
  return id;
}

describe('library filters, sort, facets and saved views', () => {
  it('filters by correspondent, sorts by date or title, and counts facets of live documents', async () => {
    const a = await doc('Water bill', '2024-03-01T00:00:00.000Z', {
      type: 'Bill',
      correspondent: 'City Water',
      tags: ['home'],
    });
    const b = await doc('Electricity bill', '2024-05-01T00:00:00.000Z', {
      type: 'Bill',
      correspondent: 'Power Co',
      tags: ['home'],
    });
    const c = await doc('Appointment letter', '2023-01-01T00:00:00.000Z', {
      type: 'Letter',
      correspondent: 'City Water',
    });
    const ids = async (query: string, sort?: 'added' | 'created' | 'title' | 'relevance') =>
      (await t.vault.search(query, sort ? { sort } : {})).map((h) => h.id);

    expect(await ids('correspondent:"City Water"', 'created')).toEqual([a, c]);
    expect(await ids('bill', 'title')).toEqual([b, a]);
    expect(await ids('', 'created')).toEqual([b, a, c]);
    expect(await ids('', 'added')).toEqual([c, b, a]);
    expect(await ids('type:Bill after:2024-03', 'created')).toEqual([b]);

    await t.vault.trash(b);
    expect(await t.vault.facets()).toEqual({
      tags: [{ name: 'home', count: 1 }],
      types: [
        { name: 'Bill', count: 1 },
        { name: 'Letter', count: 1 },
      ],
      correspondents: [{ name: 'City Water', count: 2 }],
      months: [
        { name: '2024-03', count: 1 },
        { name: '2023-01', count: 1 },
      ],
      total: 2,
    });
  });

  it('gives each hit its type, correspondent, tags and page count', async () => {
    const a = await doc('Water bill', '2024-03-01T00:00:00.000Z', {
      type: 'Bill',
      correspondent: 'City Water',
      tags: ['zeta', 'home'],
    });
    const b = await doc('Loose note', '2024-04-01T00:00:00.000Z');
    const hits = await t.vault.search('', { sort: 'created' });
    expect(
      hits.map(({ id, type, correspondent, tags, pageCount }) => ({ id, type, correspondent, tags, pageCount })),
    ).toEqual([
      { id: b, type: null, correspondent: null, tags: [], pageCount: 1 },
      { id: a, type: 'Bill', correspondent: 'City Water', tags: ['home', 'zeta'], pageCount: 1 },
    ]);
    expect(await t.vault.count('')).toBe(2);
    expect(await t.vault.count('type:Bill')).toBe(1);
    expect(await t.vault.count('water tag:home')).toBe(1);
    expect(await t.vault.count('water tag:nothing')).toBe(0);
    await t.vault.trash(b);
    expect(await t.vault.count('', { scope: 'trash' })).toBe(1);
    // The same with words, through the full-text path.
    expect((await t.vault.search('water'))[0]).toMatchObject({ id: a, type: 'Bill', tags: ['home', 'zeta'] });
  });

  it('saves, replaces and removes views; a view whose query does not parse is refused', async () => {
    expect(await t.vault.saveView({ name: 'Bills', query: 'type:Bill', sort: 'created' })).toEqual([
      { name: 'Bills', query: 'type:Bill', sort: 'created' },
    ]);
    expect(await t.vault.saveView({ name: 'bills', query: 'type:Bill tag:home', sort: 'title' })).toEqual([
      { name: 'Bills', query: 'type:Bill tag:home', sort: 'title' },
    ]);
    await t.vault.saveView({ name: 'Letters', query: 'type:Letter', sort: 'added' });
    expect((await t.vault.removeView('Bills')).map((v) => v.name)).toEqual(['Letters']);
    const error = await t.vault
      .saveView({ name: 'Broken', query: 'after:2024-13', sort: 'added' })
      .catch((e: unknown) => e);
    expect(isLockleafError(error, 'INVALID_QUERY')).toBe(true);
  });
});
