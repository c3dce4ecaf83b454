import type { Migration } from '../migrate.js';

/**
 * FTS5 `secure-delete` (SQLite ≥ 3.44; the bundled SQLCipher has 3.51): a
 * deleted row's terms are removed from the index segments at once, instead of
 * being outweighed by a delete marker and kept until segments happen to merge.
 * Without it a purged document's words stay in `doc_fts_data` indefinitely.
 * The option is stored in the table's own config, so it holds for every
 * connection. `optimize` then merges the index into one segment once, which
 * drops what deletes before this migration left behind.
 */
export const migration009: Migration = {
  version: 9,
  name: 'fts-secure-delete',
  async up(tx) {
    await tx.exec(`
      INSERT INTO doc_fts (doc_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO doc_fts (doc_fts) VALUES ('optimize');
    `);
  },
};
