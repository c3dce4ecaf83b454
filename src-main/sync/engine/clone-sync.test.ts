/** A new device clones a 1,000-document vault from a snapshot: a few objects read, every document searchable. */
import { afterEach, describe, expect, it } from 'vitest';
import { libraryOf, startTestCloud, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

describe('clone', () => {
  it('of a 1,000-document vault reads a snapshot, not every segment, and the library is searchable before the files arrive', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (vault) => {
      for (let i = 0; i < 1000; i++)
        await vault.add({
          bytes: Buffer.from(`Statement ${i}: account balance ${i * 7} pounds, reference QX${i}`),
          name: `statement-${i}.txt`,
          pages: [
            { pageNo: 1, text: `Statement ${i}: account balance ${i * 7} pounds, reference QX${i}`, confidence: 90 },
          ],
          tags: [`year${2000 + (i % 20)}`],
        });
    });
    const first = await a.engine.sync();
    expect(first.snapshot).toBe(true);
    expect(first.pushedSegments).toBeGreaterThan(0);

    cloud.peer.resetCounts();
    const b = await cloud.clone('desktop');
    const report = await b.engine.sync({ skipDownloads: true });
    // The keyring, the device records and the snapshot's parts: not one read per segment.
    expect(cloud.peer.count('GetObject')).toBeLessThan(10);
    expect(report.pulledSegments).toBe(0);
    const hits = (await a.vault.search('QX517')).map((h) => h.id);
    expect(hits.length).toBe(1);
    expect((await b.vault.search('QX517')).map((h) => h.id)).toEqual(hits);
    expect((await b.vault.list({ limit: 2000 })).length).toBe(1000);
    await b.engine.sync();
    expect(await libraryOf(b.vault)).toEqual(await libraryOf(a.vault));
  }, 120_000);
});
