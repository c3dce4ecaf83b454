/**
 * What the classifier learns from: the user's own filing. Every type,
 * correspondent and tag in the documents table was set by the user (suggestions
 * stay in the Inbox until accepted), and documents still waiting in the Inbox are
 * left out, so the model never learns from a guess nobody reviewed.
 *
 * The fingerprint (a hash of every labelled document's labels) says whether
 * anything changed since the model was trained; retraining is skipped otherwise.
 */
import { createHash } from 'node:crypto';
import type { ReadDb } from '../vault/db/connection.js';

export interface TrainingRow {
  text: string;
  type: string | null;
  correspondent: string | null;
  tags: string[];
}

/** Text beyond this is not read for training (a 300-page contract says what it is in its first pages). */
const TEXT_LIMIT = 20_000;

const LABELLED = `
  FROM documents d
  WHERE d.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.document_seq = d.seq AND i.state = 'pending')
    AND (d.type_id IS NOT NULL OR d.correspondent_id IS NOT NULL
         OR EXISTS (SELECT 1 FROM document_tags x WHERE x.document_seq = d.seq))`;

export async function labelsFingerprint(db: ReadDb): Promise<{ fingerprint: string; count: number }> {
  const rows = await db.all<{ seq: number; t: number | null; c: number | null; g: string | null }>(
    `SELECT d.seq, d.type_id AS t, d.correspondent_id AS c,
       (SELECT group_concat(tag_id) FROM (SELECT tag_id FROM document_tags x WHERE x.document_seq = d.seq ORDER BY tag_id)) AS g
     ${LABELLED} ORDER BY d.seq`,
  );
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.seq}:${r.t ?? ''}:${r.c ?? ''}:${r.g ?? ''}\n`);
  return { fingerprint: hash.digest('hex'), count: rows.length };
}

export async function trainingRows(db: ReadDb): Promise<TrainingRow[]> {
  const rows = await db.all<{ text: string | null; type: string | null; correspondent: string | null; tags: string }>(
    `SELECT
       (SELECT substr(group_concat(text, char(12)), 1, ${TEXT_LIMIT}) FROM (SELECT text FROM pages p WHERE p.document_seq = d.seq ORDER BY page_no)) AS text,
       (SELECT name FROM document_types WHERE id = d.type_id) AS type,
       (SELECT name FROM correspondents WHERE id = d.correspondent_id) AS correspondent,
       (SELECT json_group_array(t.name) FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_seq = d.seq) AS tags
     ${LABELLED} ORDER BY d.seq`,
  );
  return rows.map((r) => ({
    text: r.text ?? '',
    type: r.type,
    correspondent: r.correspondent,
    tags: JSON.parse(r.tags) as string[],
  }));
}

/** The document's text as suggestions read it: its pages in order, up to the same limit as training. */
export async function documentText(db: ReadDb, seq: number): Promise<string> {
  const row = await db.get<{ text: string | null }>(
    `SELECT substr(group_concat(text, char(12)), 1, ${TEXT_LIMIT}) AS text
     FROM (SELECT text FROM pages WHERE document_seq = ? ORDER BY page_no)`,
    [seq],
  );
  return row?.text ?? '';
}
