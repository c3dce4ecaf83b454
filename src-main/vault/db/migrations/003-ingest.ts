import type { Migration } from '../migrate.js';

/**
 * Ingest: the durable job queue, encrypted thumbnails (inside the database,
 * so they need no blob of their own) and a searchable-PDF archive version
 * for documents that were images.
 */
export const migration003: Migration = {
  version: 3,
  name: 'ingest',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE documents ADD COLUMN archive_blob_name TEXT;
      ALTER TABLE documents ADD COLUMN archive_blob_key BLOB;
      ALTER TABLE documents ADD COLUMN archive_key_version INTEGER;
      CREATE INDEX documents_archive_key_version ON documents(archive_key_version) WHERE archive_key_version IS NOT NULL;

      CREATE TABLE thumbnails (
        document_seq INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
        mime TEXT NOT NULL,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE ingest_jobs (
        id TEXT PRIMARY KEY,
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        source_name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'reading', 'ocr', 'indexing', 'done', 'failed', 'cancelled')),
        pages_total INTEGER,
        pages_done INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ingest_jobs_open ON ingest_jobs(state, created_at) WHERE state NOT IN ('done', 'cancelled');
    `);
  },
};
