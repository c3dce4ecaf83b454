import type { WriteDb } from '../db/connection.js';

/**
 * Rewrites one document's row in the full-text index from its current title,
 * page texts, notes and tag names. Trashed documents stay indexed (the trash
 * is searchable); queries filter on `deleted_at`.
 */
export async function rebuildSearchRow(tx: WriteDb, seq: number): Promise<void> {
  await tx.run('DELETE FROM doc_fts WHERE rowid = ?', [seq]);
  await tx.run(
    `INSERT INTO doc_fts (rowid, title, body, notes, tags)
     SELECT d.seq, d.title,
       COALESCE((SELECT group_concat(text, char(10)) FROM (SELECT text FROM pages WHERE document_seq = d.seq ORDER BY page_no)), ''),
       d.notes,
       COALESCE((SELECT group_concat(t.name, ' ') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_seq = d.seq), '')
     FROM documents d WHERE d.seq = ?`,
    [seq],
  );
}

export async function removeSearchRow(tx: WriteDb, seq: number): Promise<void> {
  await tx.run('DELETE FROM doc_fts WHERE rowid = ?', [seq]);
}
