import type { Migration } from '../migrate.js';

/**
 * Each OCR'd page's searchable PDF, kept (encrypted, like every row) from the
 * moment the page is read until the document's archive is built from them.
 * Before, they were held in memory until the last page, so a job resumed
 * after a quit or crash had lost its first pages' and stored no archive.
 */
export const migration006: Migration = {
  version: 6,
  name: 'page-pdfs',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE page_pdfs (
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        pdf BLOB NOT NULL,
        PRIMARY KEY (document_seq, page_no)
      ) STRICT;
    `);
  },
};
