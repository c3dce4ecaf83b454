import type { Migration } from '../migrate.js';

/** Saved views: a named search the library can return to. Inside the vault, because a query can say a lot. */
export const migration005: Migration = {
  version: 5,
  name: 'saved-views',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE saved_views (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        query TEXT NOT NULL,
        sort TEXT NOT NULL CHECK (sort IN ('relevance', 'added', 'created', 'title')),
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
