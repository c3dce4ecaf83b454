import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../connection.js';
import { migrate } from '../migrate.js';
import { tempDir } from '../../test-support.js';
import { migrations } from './index.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('migration 002: search index', () => {
  it('indexes documents that existed before it, with their pages and tags', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const conn = await Connection.open(join(t.dir, 'm.db'));
    await conn.exec(`PRAGMA key = "x'${randomBytes(32).toString('hex')}'"`);
    expect(await migrate(conn, migrations, 1)).toBe(1);
    await conn.run(
      `INSERT INTO documents (id, title, original_name, mime, size, sha256, created_at, added_at, modified_at, notes, blob_name, blob_key, key_version)
       VALUES ('d1', 'Lease', 'lease.pdf', 'application/pdf', 1, 'aa', '2024', '2024', '2024', 'landlord notes', 'b', x'00', 1)`,
    );
    await conn.run(
      "INSERT INTO pages (document_seq, page_no, text) VALUES (1, 2, 'second page deposit'), (1, 1, 'first page rent')",
    );
    await conn.run("INSERT INTO tags (name) VALUES ('housing')");
    await conn.run('INSERT INTO document_tags (document_seq, tag_id) VALUES (1, 1)');

    expect(await migrate(conn, migrations, 2)).toBe(2);
    const row = await conn.get<{ title: string; body: string; notes: string; tags: string }>(
      'SELECT title, body, notes, tags FROM doc_fts WHERE rowid = 1',
    );
    expect(row).toEqual({
      title: 'Lease',
      body: 'first page rent\nsecond page deposit',
      notes: 'landlord notes',
      tags: 'housing',
    });
    const hit = await conn.get<{ rowid: number }>("SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'deposit'");
    expect(hit?.rowid).toBe(1);
    await conn.close();
  });

  it('refuses a database from a newer Lockleaf', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const conn = await Connection.open(join(t.dir, 'n.db'));
    await conn.exec(`PRAGMA key = "x'${randomBytes(32).toString('hex')}'"`);
    await conn.exec('PRAGMA user_version = 99');
    await expect(migrate(conn, migrations)).rejects.toMatchObject({
      code: 'VAULT_CORRUPT',
      message: expect.stringMatching(/newer Lockleaf/),
    });
    await conn.close();
  });
});
