import type { Migration } from '../migrate.js';

/** The document model: documents, their page texts, and how they are filed. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE document_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE) STRICT;
      CREATE TABLE correspondents (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE) STRICT;
      CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE) STRICT;

      -- seq is the stable integer key (the search index's rowid); id is the public one.
      CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        original_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        type_id INTEGER REFERENCES document_types(id) ON DELETE SET NULL,
        correspondent_id INTEGER REFERENCES correspondents(id) ON DELETE SET NULL,
        deleted_at TEXT,
        blob_name TEXT NOT NULL,
        blob_key BLOB NOT NULL,
        key_version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX documents_added ON documents(added_at);
      CREATE INDEX documents_created ON documents(created_at);
      CREATE INDEX documents_deleted ON documents(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX documents_key_version ON documents(key_version);

      CREATE TABLE pages (
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        text TEXT NOT NULL,
        confidence REAL,
        PRIMARY KEY (document_seq, page_no)
      ) STRICT;

      CREATE TABLE document_tags (
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (document_seq, tag_id)
      ) STRICT;
      CREATE INDEX document_tags_tag ON document_tags(tag_id);

      CREATE TABLE custom_fields (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'money'))
      ) STRICT;
      CREATE TABLE document_custom_fields (
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        field_id INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        PRIMARY KEY (document_seq, field_id)
      ) STRICT;

      -- Append-only, hash-chained (see audit-log.ts).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        mac TEXT NOT NULL
      ) STRICT;
    `);
  },
};
