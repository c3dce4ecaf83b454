/** Merging across devices through the bucket: concurrent edits, duplicates, trash and purge. */
import { afterEach, describe, expect, it } from 'vitest';
import { libraryOf, settle, startTestCloud, type TestCloud } from './test-devices.js';
import { blobName } from '../log/names.js';
import { verifyOtherAudits } from './audit-records.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function twoDevices() {
  cloud = await startTestCloud();
  const a = await cloud.first('laptop', async (vault) => {
    await vault.add({ bytes: Buffer.from('payslip march'), name: 'payslip.pdf', tags: ['pay'] });
  });
  await a.engine.sync();
  const b = await cloud.clone('desktop');
  await b.engine.sync();
  const id = (await a.vault.list())[0]!.id;
  return { a, b, id };
}

describe('merging through the bucket', () => {
  it('concurrent edits to different fields both survive', async () => {
    const { a, b, id } = await twoDevices();
    await a.vault.update(id, { title: 'March payslip' });
    await b.vault.update(id, { notes: 'checked the tax code' });
    await b.vault.tag(id, ['2026']);
    await settle([a, b]);
    for (const d of [a, b]) {
      expect(await d.vault.get(id)).toMatchObject({
        title: 'March payslip',
        notes: 'checked the tax code',
        tags: ['2026', 'pay'],
      });
    }
    expect(await libraryOf(a.vault)).toEqual(await libraryOf(b.vault));
  });

  it('"never send to AI" travels: a document excluded on one device is excluded on the others', async () => {
    const { a, b, id } = await twoDevices();
    const flag = async (d: typeof a) =>
      (await d.vault.syncHost.read.get<{ x: number }>('SELECT ai_excluded AS x FROM documents WHERE id = ?', [id]))?.x;
    await a.vault.syncHost.write((tx) => tx.run('UPDATE documents SET ai_excluded = 1 WHERE id = ?', [id]));
    await settle([a, b]);
    expect(await flag(b)).toBe(1);
    // And to a device that joins later, from the snapshot or the log.
    const c = await cloud!.clone('tablet');
    await settle([a, b, c]);
    expect(await flag(c)).toBe(1);
  });

  it('one field edited on two devices: the same winner everywhere, the loser kept as a conflict note', async () => {
    const { a, b, id } = await twoDevices();
    await a.vault.update(id, { title: 'from the laptop' });
    await b.vault.update(id, { title: 'from the desktop' });
    await settle([a, b]);
    const titles = [(await a.vault.get(id)).title, (await b.vault.get(id)).title];
    expect(titles[0]).toBe(titles[1]);
    const lost = titles[0] === 'from the laptop' ? 'from the desktop' : 'from the laptop';
    // The device that saw the other's edit arrive records what lost, wherever it lost.
    const notes = await Promise.all(
      [a, b].map((d) =>
        d.vault.syncHost.read.all<{ lost: string }>(`SELECT lost FROM sync_conflicts WHERE field = 'title'`),
      ),
    );
    expect(notes.flat().map((n) => (JSON.parse(n.lost) as { value: string }).value)).toContain(lost);
  });

  it('the same file added on two devices while offline ends as one document', async () => {
    const { a, b } = await twoDevices();
    const bytes = Buffer.from('passport scan, both sides');
    const onA = await a.vault.add({ bytes, name: 'passport.jpg', title: 'Passport' });
    const onB = await b.vault.add({ bytes, name: 'scan0001.jpg' });
    expect(onA.id).toBe(onB.id);
    await settle([a, b]);
    expect((await a.vault.list()).length).toBe(2);
    expect(await libraryOf(a.vault)).toEqual(await libraryOf(b.vault));
    expect((await b.vault.readContent(onA.id)).equals(bytes)).toBe(true);
    expect((await a.vault.readContent(onA.id)).equals(bytes)).toBe(true);
  });

  it('trash and restore travel; purge removes the document, its file and its remote objects everywhere', async () => {
    const { a, b, id } = await twoDevices();
    await a.vault.trash(id);
    await settle([a, b]);
    expect((await b.vault.get(id)).deletedAt).not.toBeNull();
    await b.vault.restore(id);
    await settle([a, b]);
    expect((await a.vault.get(id)).deletedAt).toBeNull();

    const blob = (await a.vault.syncHost.read.get<{ blob_name: string }>(
      'SELECT blob_name FROM documents WHERE id = ?',
      [id],
    ))!.blob_name;
    const remoteName = blobName(a.engine.session.nameKey, blob);
    expect(await a.engine.session.remote.head(remoteName)).toBeDefined();
    await a.vault.trash(id);
    await a.vault.purge({ all: true });
    await settle([a, b]);
    await expect(b.vault.get(id)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    expect(await b.vault.syncHost.blobSize(blob)).toBeUndefined();
    expect(await a.engine.session.remote.head(remoteName)).toBeUndefined();
  });

  it('restore on one device racing purge on another: the purge wins everywhere and the restore is noted', async () => {
    const { a, b, id } = await twoDevices();
    await a.vault.trash(id);
    await settle([a, b]);
    await a.vault.purge({ all: true });
    await b.vault.restore(id);
    await settle([a, b]);
    for (const d of [a, b]) await expect(d.vault.get(id)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    const notes = await b.vault.syncHost.read.all<{ field: string }>('SELECT field FROM sync_conflicts');
    const notesA = await a.vault.syncHost.read.all<{ field: string }>('SELECT field FROM sync_conflicts');
    expect([...notes, ...notesA].map((n) => n.field)).toContain('deletedAt');
  });
});

describe('the audit log across devices', () => {
  it("every device holds every device's log, and a hole in one is found", async () => {
    const { a, b, id } = await twoDevices();
    await a.vault.trash(id);
    await a.vault.purge({ all: true });
    await settle([a, b]);
    const fromA = await b.vault.syncHost.read.all<{ action: string }>(
      'SELECT action FROM sync_audit WHERE device_id = ? ORDER BY seq',
      [a.engine.session.deviceId],
    );
    expect(fromA.map((e) => e.action)).toEqual(
      expect.arrayContaining(['vault.created', 'sync.set_up', 'trash.purged']),
    );
    const fromB = await a.vault.syncHost.read.all('SELECT * FROM sync_audit WHERE device_id = ?', [
      b.engine.session.deviceId,
    ]);
    expect(fromB.length).toBeGreaterThan(0);
    expect(await verifyOtherAudits(b.vault.syncHost.read)).toEqual([
      expect.objectContaining({ name: 'laptop', entries: fromA.length }),
    ]);
    await b.vault.syncHost.write((tx) =>
      tx.run('DELETE FROM sync_audit WHERE device_id = ? AND seq = 2', [a.engine.session.deviceId]),
    );
    expect((await verifyOtherAudits(b.vault.syncHost.read))[0]).toMatchObject({ missingFrom: 2 });
  });
});
