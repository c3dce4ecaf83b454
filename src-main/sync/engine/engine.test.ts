import { afterEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

describe('sync between devices over the local S3 peer', () => {
  it('a clone gets every document, its fields and its file; edits travel both ways', async () => {
    cloud = await startTestCloud();
    const a = await cloud.first('laptop', async (vault) => {
      const { id } = await vault.add({
        bytes: Buffer.from('tenancy agreement, flat 3'),
        name: 'lease.pdf',
        tags: ['home'],
      });
      await vault.update(id, { title: 'Lease', notes: 'renew in May' });
    });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await b.engine.sync();
    const [doc] = await b.vault.list();
    expect(doc).toMatchObject({ title: 'Lease', tags: ['home'], originalName: 'lease.pdf' });
    expect((await b.vault.readContent(doc!.id)).toString()).toBe('tenancy agreement, flat 3');
    expect(await b.vault.get(doc!.id)).toMatchObject({ notes: 'renew in May' });

    await b.vault.update(doc!.id, { title: 'Lease 2027' });
    await b.vault.tag(doc!.id, ['contracts']);
    await b.engine.sync();
    await a.engine.sync();
    expect(await a.vault.get(doc!.id)).toMatchObject({ title: 'Lease 2027', tags: ['contracts', 'home'] });
  });
});
