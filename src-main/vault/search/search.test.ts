import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from '../test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('search filters', () => {
  it('-tag:, -type: and -correspondent: leave documents out; untagged and untyped ones stay', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const add = async (
      text: string,
      extra: { tags?: string[]; type?: string; correspondent?: string; createdAt?: string },
    ) => (await t.vault.add({ bytes: Buffer.from(`${text} statement`), name: `${text}.txt`, ...extra })).id;
    const work = await add('work', {
      tags: ['work', 'tax'],
      type: 'Receipt',
      correspondent: 'ACME',
      createdAt: '2023-05-01T00:00:00.000Z',
    });
    const family = await add('family', { tags: ['family'], type: 'Letter', createdAt: '2024-02-01T00:00:00.000Z' });
    const plain = await add('plain', { createdAt: '2024-08-01T00:00:00.000Z' });
    const ids = async (query: string) => (await t.vault.search(query)).map((h) => h.id).sort();

    expect(await ids('statement -tag:work')).toEqual([family, plain].sort());
    expect(await ids('-tag:WORK')).toEqual([family, plain].sort());
    expect(await ids('statement -type:Receipt')).toEqual([family, plain].sort());
    expect(await ids('statement -correspondent:acme')).toEqual([family, plain].sort());
    expect(await ids('tag:tax -tag:family')).toEqual([work]);
    expect(await ids('statement -before:2024')).toEqual([family, plain].sort());
    expect(await ids('statement -after:2024-02')).toEqual([work, family].sort());
  });
});
