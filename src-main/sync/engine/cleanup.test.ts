import { afterEach, describe, expect, it } from 'vitest';
import { segmentPrefix } from '../log/names.js';
import { S3Remote } from '../remote/s3-remote.js';
import { removeSync } from './remove.js';
import { libraryOf, startTestCloud, type Device, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function segmentsOf(c: TestCloud, d: Device): Promise<number> {
  const raw = new S3Remote(c.peer.remoteConfig());
  return (await raw.list(segmentPrefix(d.engine.session.nameKey, d.engine.session.deviceId))).length;
}

describe('old segments', () => {
  it('are deleted once every known device has them, never while one still needs them; a new device still converges', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (v) => {
      await v.add({ bytes: Buffer.from('tax return'), name: 'tax.pdf' });
    });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await b.engine.sync();
    const id = (await a.vault.list())[0]!.id;
    const edit = async (n: number) => {
      await a.vault.update(id, { notes: `edit ${n}` });
      await a.engine.sync({ snapshotEvery: 3 });
    };
    for (let n = 0; n < 8; n++) await edit(n);
    // The desktop acknowledged segment 1 only: that one went, the 8 after it stay.
    expect(await segmentsOf(cloud, a)).toBe(8);

    await b.engine.sync({ snapshotEvery: 1 });
    await b.vault.update(id, { title: 'Tax return 2025' });
    await b.engine.sync({ snapshotEvery: 1 });
    await a.engine.sync({ snapshotEvery: 3 });
    await edit(8);
    const left = await segmentsOf(cloud, a);
    expect(left).toBeLessThan(8);
    expect(left).toBeGreaterThanOrEqual(1);

    const c = await cloud.clone('tablet');
    await c.engine.sync();
    await b.engine.sync();
    expect(await libraryOf(c.vault)).toEqual(await libraryOf(a.vault));
    expect(await libraryOf(b.vault)).toEqual(await libraryOf(a.vault));
  });
});

describe('leaving', () => {
  it('remove refuses while edits have not reached the bucket; a device that left no longer holds the log back', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (v) => {
      await v.add({ bytes: Buffer.from('pension statement'), name: 'pension.pdf' });
    });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await b.engine.sync();
    const id = (await b.vault.list())[0]!.id;
    await b.vault.update(id, { notes: 'not sent yet' });
    b.engine.session.close();
    await expect(removeSync(b.vault)).rejects.toMatchObject({ code: 'SYNC_PENDING' });
    expect(await removeSync(b.vault, { force: true })).toEqual({ leftBucket: true });
    cloud.devices.splice(cloud.devices.indexOf(b), 1);
    await b.vault.close();
    for (let n = 0; n < 4; n++) {
      await a.vault.update(id, { title: `edit ${n}` });
      await a.engine.sync({ snapshotEvery: 1 });
    }
    // Only the newest segment is kept: nobody else needs the rest.
    expect(await segmentsOf(cloud, a)).toBe(1);
  });
});
