/**
 * The Inbox: documents that came in through ingest wait here, with what Lockleaf
 * suggests for them, until the user accepts, edits or dismisses the suggestion.
 * A suggestion is never written to the document itself from here; `accept.ts` does
 * that, on the user's word.
 */
import {
  FIELD_DUE,
  FIELD_EXPIRY,
  FIELD_TOTAL,
  suggestionSchema,
  type Amount,
  type InboxItem,
  type Suggestion,
} from '../../src-shared/classify.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';

/** A document that came in through ingest enters the Inbox in the transaction that stores it. */
export async function enterInbox(tx: WriteDb, seq: number, now = new Date().toISOString()): Promise<void> {
  await tx.run(
    `INSERT INTO inbox (document_seq, state, entered_at, updated_at) VALUES (?, 'pending', ?, ?)
     ON CONFLICT (document_seq) DO NOTHING`,
    [seq, now, now],
  );
}

export async function storeSuggestion(
  tx: WriteDb,
  seq: number,
  column: 'suggestion' | 'ai_suggestion',
  suggestion: Suggestion,
  /** Asked for on purpose (`classify`): a reviewed document comes back to the Inbox with it. */
  reopen = false,
): Promise<void> {
  const now = new Date().toISOString();
  await tx.run(
    `INSERT INTO inbox (document_seq, state, ${column}, entered_at, updated_at) VALUES (?, 'pending', ?, ?, ?)
     ON CONFLICT (document_seq) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at
       ${reopen ? ", state = 'pending', entered_at = excluded.entered_at" : ''}`,
    [seq, JSON.stringify(suggestion), now, now],
  );
}

/** Reviewed: accepted, edited or dismissed. The document leaves the Inbox and may teach the classifier. */
export async function markReviewed(tx: WriteDb, seq: number): Promise<void> {
  await tx.run(`UPDATE inbox SET state = 'done', updated_at = ? WHERE document_seq = ?`, [
    new Date().toISOString(),
    seq,
  ]);
}

interface InboxRow {
  seq: number;
  id: string;
  title: string;
  original_name: string;
  mime: string;
  added_at: string;
  created_at: string;
  type: string | null;
  correspondent: string | null;
  tags: string;
  suggestion: string | null;
  ai_suggestion: string | null;
  ai_queued: number;
  ai_excluded: number;
  fields: string;
}

/** "12.50 EUR" (a money field) as an amount. */
function amountOf(money: string | undefined): Amount | null {
  const m = money?.match(/^(-?\d+(?:\.\d+)?) ([A-Z]{3})$/);
  return m ? { value: Number(m[1]), currency: m[2]!, label: null } : null;
}

/** A stored suggestion written by an older or newer version that no longer parses is shown as none. */
function parsed(json: string | null): Suggestion | null {
  if (!json) return null;
  const result = suggestionSchema.safeParse(JSON.parse(json));
  return result.success ? result.data : null;
}

const ITEM_SELECT = `
  SELECT d.seq, d.id, d.title, d.original_name, d.mime, d.added_at, d.created_at, d.ai_excluded,
    dt.name AS type, c.name AS correspondent, i.suggestion, i.ai_suggestion,
    EXISTS (SELECT 1 FROM ai_queue q WHERE q.document_seq = d.seq) AS ai_queued,
    (SELECT json_group_array(t.name) FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_seq = d.seq) AS tags,
    (SELECT json_group_object(f.name || ':' || f.kind, v.value) FROM document_custom_fields v JOIN custom_fields f ON f.id = v.field_id
     WHERE v.document_seq = d.seq AND f.name IN ('${FIELD_TOTAL}', '${FIELD_DUE}', '${FIELD_EXPIRY}')) AS fields
  FROM inbox i JOIN documents d ON d.seq = i.document_seq
  LEFT JOIN document_types dt ON dt.id = d.type_id LEFT JOIN correspondents c ON c.id = d.correspondent_id`;

function toItem(r: InboxRow): InboxItem {
  const fields = JSON.parse(r.fields) as Record<string, string>;
  return {
    id: r.id,
    title: r.title,
    originalName: r.original_name,
    mime: r.mime,
    addedAt: r.added_at,
    current: {
      type: r.type,
      correspondent: r.correspondent,
      tags: (JSON.parse(r.tags) as string[]).sort(),
      createdAt: r.created_at,
      total: amountOf(fields[`${FIELD_TOTAL}:money`]),
      dueDate: fields[`${FIELD_DUE}:date`] ?? null,
      expiryDate: fields[`${FIELD_EXPIRY}:date`] ?? null,
    },
    suggestion: parsed(r.suggestion),
    aiSuggestion: parsed(r.ai_suggestion),
    aiQueued: r.ai_queued === 1,
    aiExcluded: r.ai_excluded === 1,
  };
}

/** Pending documents, oldest first (the order they came in), trashed ones left out. */
export async function listInbox(db: ReadDb, limit = 500): Promise<InboxItem[]> {
  const rows = await db.all<InboxRow>(
    `${ITEM_SELECT} WHERE i.state = 'pending' AND d.deleted_at IS NULL ORDER BY i.entered_at, d.seq LIMIT ?`,
    [limit],
  );
  return rows.map(toItem);
}

export async function inboxItem(db: ReadDb, id: string): Promise<InboxItem | undefined> {
  const row = await db.get<InboxRow>(`${ITEM_SELECT} WHERE d.id = ?`, [id]);
  return row ? toItem(row) : undefined;
}

export async function inboxCount(db: ReadDb): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM inbox i JOIN documents d ON d.seq = i.document_seq
     WHERE i.state = 'pending' AND d.deleted_at IS NULL`,
  );
  return row?.n ?? 0;
}

/**
 * Pending documents without an on-device suggestion whose reading has ended: the
 * ones a crash or quit left between "read" and "suggested", made at the next start.
 */
export async function awaitingSuggestion(db: ReadDb): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT d.id FROM inbox i JOIN documents d ON d.seq = i.document_seq
     WHERE i.state = 'pending' AND i.suggestion IS NULL AND d.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM ingest_jobs j WHERE j.document_seq = d.seq AND j.state NOT IN ('done', 'failed', 'cancelled'))
     ORDER BY i.entered_at`,
  );
  return rows.map((r) => r.id);
}
