import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from './test-support.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('emptying the trash', () => {
  it('never deletes a document restored after the purge began', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const doc = await t.vault.add({ bytes: Buffer.from('birth certificate'), name: 'birth.txt' });
    await t.vault.trash(doc.id);
    const db = t.vault.context.db;
    const write = db.write.bind(db);
    // The purge's write transaction queues behind a restore that commits first:
    // whatever the purge looked at before its own transaction is stale by then.
    db.write = (<T>(fn: Parameters<typeof write<T>>[0]) => {
      db.write = write;
      return t.vault.restore(doc.id).then(() => write(fn));
    }) as typeof db.write;

    expect(await t.vault.purge({ all: true })).toEqual({ purged: 0 });
    expect((await t.vault.get(doc.id)).deletedAt).toBeNull();
    expect((await t.vault.readContent(doc.id)).toString()).toBe('birth certificate');
  });

  it('purges only what was trashed before the cutoff', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const old = await t.vault.add({ bytes: Buffer.from('old'), name: 'old.txt' });
    const fresh = await t.vault.add({ bytes: Buffer.from('fresh'), name: 'fresh.txt' });
    await t.vault.trash(old.id, fresh.id);
    await t.vault.context.db.write((tx) =>
      tx.run("UPDATE documents SET deleted_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", [old.id]),
    );
    expect(await t.vault.purge()).toEqual({ purged: 1 });
    expect((await t.vault.list({ scope: 'trash' })).map((d) => d.id)).toEqual([fresh.id]);
  });
});
