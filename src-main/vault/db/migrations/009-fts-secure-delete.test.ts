import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, type ReadDb } from '../connection.js';
import { migrate } from '../migrate.js';
import { tempDir, tempVault } from '../../test-support.js';
import { migrations } from './index.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

/** Whether any FTS5 index segment (the shadow table `doc_fts_data`) still holds `bytes`. */
async function indexHolds(db: ReadDb, bytes: string): Promise<boolean> {
  const rows = await db.all<{ block: Buffer | null }>('SELECT block FROM doc_fts_data');
  return rows.some((r) => r.block?.includes(Buffer.from(bytes, 'utf8')));
}

// Terms are stored prefix-compressed against their neighbour in a leaf; the
// tail of a term is always stored whole, so that is what the scans look for.
const MARKER = 'qzvwmarkerjkxy';
const TAIL = MARKER.slice(4);

describe('migration 009: FTS5 secure-delete', () => {
  it("removes a purged document's words from the index segments at once, without an optimize", async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    const vault = t.vault;
    const keep = [];
    for (let i = 0; i < 3; i++) keep.push((await vault.add({ bytes: randomBytes(64), name: `keep${i}.bin` })).id);
    for (const [i, id] of keep.entries()) await vault.update(id, { notes: `ordinary words number${i}` });
    const doomed = (await vault.add({ bytes: randomBytes(64), name: 'doomed.bin' })).id;
    await vault.update(doomed, { notes: `private ${MARKER} details` });
    const db = vault.context.db.read;
    expect(await indexHolds(db, TAIL)).toBe(true);

    await vault.trash(doomed);
    // Trashed documents stay searchable, so the words are still there.
    expect(await indexHolds(db, TAIL)).toBe(true);
    expect((await vault.purge({ all: true })).purged).toBe(1);

    expect(await indexHolds(db, TAIL)).toBe(false);
    expect(await vault.search(MARKER)).toEqual([]);
    expect((await vault.search('number1')).map((h) => h.id)).toEqual([keep[1]]);
    expect(await vault.integrityCheck()).toEqual([]);
  });

  it('drops what deletes before it left in the index', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const conn = await Connection.open(join(t.dir, 'm.db'));
    await conn.exec(`PRAGMA key = "x'${randomBytes(32).toString('hex')}'"`);
    await migrate(conn, migrations, 8);
    await conn.run("INSERT INTO doc_fts (rowid, title, body, notes, tags) VALUES (1, 'kept', 'ordinary', '', '')");
    await conn.run("INSERT INTO doc_fts (rowid, title, body, notes, tags) VALUES (2, 'gone', ?, '', '')", [MARKER]);
    await conn.run('DELETE FROM doc_fts WHERE rowid = 2');
    expect(await indexHolds(conn, TAIL)).toBe(true);

    expect(await migrate(conn, migrations, 9)).toBe(9);
    expect(await indexHolds(conn, TAIL)).toBe(false);
    const hit = await conn.get<{ rowid: number }>("SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'ordinary'");
    expect(hit?.rowid).toBe(1);
    await conn.close();
  });
});
