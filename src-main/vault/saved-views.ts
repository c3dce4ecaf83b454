/** Saved views: named searches (words, filters, sort), kept in the encrypted database. */
import type { SavedView, SearchSort } from '../../src-shared/documents.js';
import type { ReadDb, WriteDb } from './db/connection.js';
import { parseQuery } from './search/query-parser.js';

export async function listViews(db: ReadDb): Promise<SavedView[]> {
  return db.all<SavedView>('SELECT name, query, sort FROM saved_views ORDER BY name COLLATE NOCASE');
}

/** Saves (or replaces) a view; the query must parse, so a saved view always runs. */
export async function saveView(tx: WriteDb, view: SavedView): Promise<void> {
  parseQuery(view.query);
  await tx.run(
    `INSERT INTO saved_views (name, query, sort, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET query = excluded.query, sort = excluded.sort`,
    [view.name, view.query, view.sort satisfies SearchSort, new Date().toISOString()],
  );
}

export async function removeView(tx: WriteDb, name: string): Promise<boolean> {
  return (await tx.run('DELETE FROM saved_views WHERE name = ?', [name])).changes === 1;
}
