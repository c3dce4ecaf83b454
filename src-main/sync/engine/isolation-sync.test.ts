/**
 * One broken thing stays one broken thing: a refused device's chain does not
 * hold back the others or this device's own edits; a snapshot cut short does
 * not stop new devices; an altered keyring is named as such; copies of one
 * file reach a third device with the right key; a purge clears the search
 * index everywhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { segmentPrefix } from '../log/names.js';
import { formatHlc } from '../merge/hlc.js';
import { S3Remote } from '../remote/s3-remote.js';
import { KEYRING_OBJECT } from './setup.js';
import { libraryOf, settle, startTestCloud, type TestCloud } from './test-devices.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function threeDevices() {
  cloud = await startTestCloud();
  const a = await cloud.first('a', async (v) => {
    await v.add({ bytes: Buffer.from('council tax bill'), name: 'bill.pdf' });
  });
  await a.engine.sync();
  const b = await cloud.clone('b');
  const c = await cloud.clone('c');
  await settle([a, b, c]);
  return { a, b, c, id: (await a.vault.list())[0]!.id, raw: new S3Remote(cloud.peer.remoteConfig()) };
}

describe('isolation', () => {
  it("a device whose segment was altered is refused; the others' changes and this device's own still go through", async () => {
    const { a, b, c, id, raw } = await threeDevices();
    await a.vault.update(id, { notes: 'from a' });
    await a.engine.sync();
    const listed = await raw.list(segmentPrefix(a.engine.session.nameKey, a.engine.session.deviceId));
    const name = listed[listed.length - 1]!.key;
    const bytes = Buffer.from((await raw.get(name))!.bytes);
    bytes[bytes.length - 80]! ^= 1;
    await raw.delete(name);
    await raw.create(name, bytes);
    // C refuses a's segment, and its own edit still goes out.
    await c.vault.update(id, { title: 'from c' });
    await expect(c.engine.sync()).rejects.toMatchObject({ code: 'SYNC_TAMPERED' });
    await b.vault.tag(id, ['from-b']);
    await expect(b.engine.sync()).rejects.toMatchObject({ code: 'SYNC_TAMPERED' });
    expect(await b.vault.get(id)).toMatchObject({ title: 'from c', notes: '' });
    await expect(c.engine.sync()).rejects.toMatchObject({ code: 'SYNC_TAMPERED' });
    expect((await c.vault.get(id)).tags).toContain('from-b');
  });

  it('the same file added on two devices reaches a third with the winning copy and its own key, in either order', async () => {
    for (const order of [0, 1]) {
      const { a, b, c } = await threeDevices();
      const bytes = Buffer.from(`vaccination record ${order}`);
      const first = order ? b : a;
      const second = order ? a : b;
      const { id } = await first.vault.add({ bytes, name: 'vaccines.pdf' });
      await second.vault.add({ bytes, name: 'scan.pdf' });
      await first.engine.sync();
      await second.engine.sync();
      await c.engine.sync();
      expect((await c.vault.readContent(id)).equals(bytes)).toBe(true);
      await settle([a, b, c]);
      for (const d of [a, b]) expect((await d.vault.readContent(id)).equals(bytes)).toBe(true);
      await cloud!.close();
      cloud = undefined;
    }
  });

  it('a purge from another device leaves nothing in the search index', async () => {
    const { a, b, id } = await threeDevices();
    await a.vault.update(id, { title: 'Quetzalcoatl bill' });
    await settle([a, b]);
    expect((await b.vault.search('Quetzalcoatl')).length).toBe(1);
    await a.vault.trash(id);
    await a.vault.purge({ all: true });
    await settle([a, b]);
    expect((await b.vault.search('Quetzalcoatl')).length).toBe(0);
    const leftovers = await b.vault.syncHost.read.all(`SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'Quetzalcoatl'`);
    expect(leftovers).toEqual([]);
  });

  it('a snapshot cut short does not stop a new device from cloning', async () => {
    const { a, id } = await threeDevices();
    const remote = a.engine.session.remote;
    const create = remote.create.bind(remote);
    let failed = false;
    remote.create = async (key, bytes) => {
      if (key.startsWith('snap/') && !failed) {
        failed = true;
        await create(key, bytes);
        throw new Error('cut off after the first part');
      }
      return create(key, bytes);
    };
    await a.vault.update(id, { title: 'snapshot 1' });
    await expect(a.engine.sync({ snapshotEvery: 1 })).rejects.toThrow('cut off');
    for (const title of ['snapshot 2', 'snapshot 3']) {
      await a.vault.update(id, { title });
      await a.engine.sync({ snapshotEvery: 1 });
    }
    const d = await cloud!.clone('d');
    await d.engine.sync();
    expect(await libraryOf(d.vault)).toEqual(await libraryOf(a.vault));
  });

  it('a keyring altered without a passphrase change is named as tampering, not as a new passphrase', async () => {
    const { b, raw } = await threeDevices();
    const keyring = Buffer.from((await raw.get(KEYRING_OBJECT))!.bytes);
    keyring[keyring.length - 5]! ^= 1;
    const etag = (await raw.head(KEYRING_OBJECT))!.etag;
    await raw.replace(KEYRING_OBJECT, keyring, etag);
    await expect(b.engine.sync()).rejects.toMatchObject({ code: 'SYNC_TAMPERED' });
  });
});

describe('values this version cannot use', () => {
  it('are kept in the merged state, reported, and never stop the round or what comes after', async () => {
    const { a, b, id } = await threeDevices();
    // As a newer Lockleaf would send: a saved view sorted in a way this version does not know.
    const stamp = formatHlc({ wallMs: Date.now(), counter: 0, deviceId: a.engine.session.deviceId });
    const change = {
      entity: 'view',
      id: 'all',
      field: 'v.future',
      value: { name: 'Newest first', query: 'bill', sort: 'modified' },
      hlc: stamp,
      prev: null,
    };
    await a.vault.syncHost.write((tx) =>
      tx.run('INSERT INTO sync_pending (change) VALUES (?)', [JSON.stringify(change)]),
    );
    await a.engine.sync();
    const report = await b.engine.sync();
    expect(report.issues).toEqual([expect.objectContaining({ why: expect.stringContaining('v.future') })]);
    expect(await b.vault.views()).toEqual([]);
    await a.vault.update(id, { title: 'after the future view' });
    await settle([a, b]);
    expect((await b.vault.get(id)).title).toBe('after the future view');
  });
});

describe('a value the tables refuse', () => {
  it('costs its record, not the batch: the other records of the same batch arrive', async () => {
    const { a, b, id } = await threeDevices();
    const other = await a.vault.add({ bytes: Buffer.from('second document'), name: 'second.pdf' });
    await settle([a, b]);
    const [mine, theirs] = await Promise.all(
      [id, other.id].map((d) =>
        a.vault.syncHost.read.get<{ value: string; hlc: string }>(
          `SELECT value, hlc FROM sync_state WHERE entity = 'doc' AND rid = ? AND field = 'content'`,
          [d],
        ),
      ),
    );
    // A broken device claims the first document now holds the second one's bytes (its hash is taken).
    const content = { ...JSON.parse(mine!.value), sha256: JSON.parse(theirs!.value).sha256 };
    // Stamped a minute ahead, so it is applied after the other document's new tag: the rolled-back first attempt
    // created that tag, and the retry must not reuse its id.
    const stamp = formatHlc({ wallMs: Date.now() + 60_000, counter: 0, deviceId: a.engine.session.deviceId });
    const change = { entity: 'doc', id, field: 'content', value: content, hlc: stamp, prev: mine!.hlc };
    await a.vault.syncHost.write((tx) =>
      tx.run('INSERT INTO sync_pending (change) VALUES (?)', [JSON.stringify(change)]),
    );
    await a.vault.update(other.id, { title: 'in the same batch' });
    await a.vault.tag(other.id, ['brand-new']);
    await a.engine.sync();
    const report = await b.engine.sync();
    expect(report.issues).toEqual([expect.objectContaining({ docId: id, why: expect.stringContaining('refused') })]);
    expect(await b.vault.get(other.id)).toMatchObject({ title: 'in the same batch', tags: ['brand-new'] });
  });
});
