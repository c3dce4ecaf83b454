/**
 * Devices converge through the real bucket after random concurrent edits and
 * random sync orders (seeded: the seed is printed on failure), a device
 * offline for 500 changes catches up, and the bucket holds no plaintext.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { S3Remote } from '../remote/s3-remote.js';
import { libraryOf, settle, startTestCloud, type Device, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function randomEdit(device: Device, ids: string[], rand: () => number, n: number): Promise<void> {
  const id = ids[Math.floor(rand() * ids.length)]!;
  const pick = rand();
  const live = (await device.vault.get(id).catch(() => undefined)) !== undefined;
  if (!live) return;
  if (pick < 0.3) await device.vault.update(id, { title: `title ${device.name} ${n}` });
  else if (pick < 0.45) await device.vault.update(id, { notes: `note ${n}` });
  else if (pick < 0.6) await device.vault.tag(id, [`tag${Math.floor(rand() * 4)}`]);
  else if (pick < 0.7) await device.vault.untag(id, [`tag${Math.floor(rand() * 4)}`]);
  else if (pick < 0.78) await device.vault.update(id, { type: rand() < 0.5 ? 'Invoice' : null });
  else if (pick < 0.86) await device.vault.setField(id, 'Amount', 'money', `${n}.00 EUR`);
  else if (pick < 0.93) await device.vault.trash(id);
  else await device.vault.restore(id);
}

describe('convergence through the bucket', () => {
  for (const seed of [1, 2, 3]) {
    it(`three devices converge after random concurrent edits and sync orders (seed ${seed})`, async () => {
      const rand = prng(seed);
      cloud = await startTestCloud();
      const a = await cloud.first('a', async (vault) => {
        for (let i = 0; i < 6; i++) await vault.add({ bytes: Buffer.from(`document ${i}`), name: `d${i}.pdf` });
      });
      await a.engine.sync();
      const devices = [a, await cloud.clone('b'), await cloud.clone('c')];
      for (const d of devices) await d.engine.sync();
      const ids = (await a.vault.list()).map((d) => d.id);
      try {
        for (let round = 0; round < 8; round++) {
          for (let n = 0; n < 6; n++) await randomEdit(devices[Math.floor(rand() * 3)]!, ids, rand, round * 10 + n);
          // A random device syncs, or two in a random order.
          const order = [...devices].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 3));
          for (const d of order) await d.engine.sync();
        }
        await settle(devices);
        const [x, y, z] = await Promise.all(devices.map((d) => libraryOf(d.vault)));
        expect(y).toEqual(x);
        expect(z).toEqual(x);
      } catch (error) {
        console.error(`convergence failed with seed ${seed}`);
        throw error;
      }
    });
  }

  it('a device offline for 500 changes catches up', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('a', async (vault) => {
      for (let i = 0; i < 10; i++) await vault.add({ bytes: Buffer.from(`statement ${i}`), name: `s${i}.pdf` });
    });
    await a.engine.sync();
    const b = await cloud.clone('b');
    await b.engine.sync();
    const ids = (await a.vault.list()).map((d) => d.id);
    for (let n = 0; n < 500; n++) {
      await a.vault.update(ids[n % ids.length]!, { notes: `revision ${n}` });
      if (n % 50 === 49) await a.engine.sync();
    }
    await a.engine.sync();
    const report = await b.engine.sync();
    expect(report.pulledSegments).toBeGreaterThanOrEqual(10);
    expect(await libraryOf(b.vault)).toEqual(await libraryOf(a.vault));
    expect((await b.vault.get(ids[9]!)).notes).toBe('revision 499');
  });

  it('no title, tag, file name or page text can be read from any object in the bucket', async () => {
    cloud = await startTestCloud();
    const markers = ['Zebrafinch Title', 'quokka-tag', 'platypus-file.pdf', 'Wombatpagetext'];
    const a = await cloud.first('a', async (vault) => {
      const { id } = await vault.add({
        bytes: Buffer.from(`${markers[3]} on the only page`),
        name: markers[2],
        title: markers[0],
        tags: [markers[1]!],
      });
      await vault.update(id, { notes: markers[0] });
    });
    await a.engine.sync({ snapshotEvery: 1 });
    const raw = new S3Remote(cloud.peer.remoteConfig());
    const objects = await raw.list('');
    expect(objects.some((o) => o.key.startsWith('snap/'))).toBe(true);
    for (const o of objects) {
      const bytes = Buffer.from((await raw.get(o.key))!.bytes);
      for (const m of markers)
        for (const needle of [
          Buffer.from(m, 'utf8'),
          Buffer.from(m, 'utf16le'),
          Buffer.from(Buffer.from(m).toString('base64').slice(0, 12)),
        ])
          expect(bytes.includes(needle), `${o.key} holds ${m}`).toBe(false);
      for (const m of markers) expect(o.key.includes(m)).toBe(false);
    }
  });
});
