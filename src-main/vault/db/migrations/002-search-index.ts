import type { Migration } from '../migrate.js';
import { rebuildSearchRow } from '../../search/search-index.js';

/**
 * Full-text index (FTS5) over title, page text, notes and tag names, keyed by
 * documents.seq, with prefix indexes for search-as-you-type. Builds rows for
 * documents that already exist.
 */
export const migration002: Migration = {
  version: 2,
  name: 'search-index',
  async up(tx) {
    await tx.exec(`
      CREATE VIRTUAL TABLE doc_fts USING fts5(
        title, body, notes, tags,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      -- Per-term document counts, so search can tell selective terms from common ones.
      CREATE VIRTUAL TABLE doc_fts_terms USING fts5vocab(doc_fts, 'row');
      -- Column weights for bm25: title, body, notes, tags. ORDER BY rank uses them.
      INSERT INTO doc_fts (doc_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 2.0, 5.0)');
    `);
    const docs = await tx.all<{ seq: number }>('SELECT seq FROM documents ORDER BY seq');
    for (const { seq } of docs) await rebuildSearchRow(tx, seq);
  },
};
