/**
 * A document's history (issue 16: "added, edited, sent, shared" beside the document), read from what the vault
 * already records; nothing new is written for it (no migration):
 * - added: the row's `added_at`, with the original file name;
 * - edited, tagged, untagged, restored: the sync state's per-field clocks, where a value with a `prev` stamp
 *   replaced an earlier one, or a tag first appeared after the document did (only once sync is set up; its first
 *   capture of a document is not an edit). Without
 *   those, one `edited` entry at `modified_at` when it is later than the adding (the last change, whatever it was);
 * - trashed: `deleted_at`;
 * - sent and ai: the audit log's `mail.sent` and `ai.request` entries naming the document (this device's and,
 *   through sync, the other devices'): recipient domains and the model only, never a message, a key or a text.
 */
import type { HistoryEntry } from '../../../src-shared/history.js';
import { LockleafError } from '../../errors.js';
import type { ReadDb } from '../db/connection.js';

/** The synced fields a person edits, and how an entry names them. */
const FIELDS: Record<string, string> = {
  title: 'title',
  notes: 'notes',
  createdAt: 'date',
  type: 'type',
  correspondent: 'correspondent',
};

/** Fields stamped within this of the document's own first capture came with it (one capture, a few ms). */
const SAME_CAPTURE_MS = 1000;

/** An HLC stamp (`${wallMs:15}.${counter}.${device}`, sync/merge/hlc.ts) as an ISO time. */
function stampTime(hlc: string): string | undefined {
  const wall = Number(hlc.slice(0, 15));
  return Number.isFinite(wall) && wall > 0 ? new Date(wall).toISOString() : undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function syncedEntry(field: string, value: unknown, at: string): HistoryEntry | undefined {
  if (FIELDS[field]) return { at, kind: 'edited', detail: FIELDS[field] };
  if (field === 'deletedAt') return value === null ? { at, kind: 'restored', detail: '' } : undefined;
  const named = value as { name?: unknown; on?: unknown } | null;
  if (typeof named?.name !== 'string') return undefined;
  if (field.startsWith('tag.')) return { at, kind: named.on ? 'tagged' : 'untagged', detail: named.name };
  if (field.startsWith('cf.')) return { at, kind: 'edited', detail: `field:${named.name}` };
  return undefined;
}

function auditEntry(id: string, at: string, action: string, text: string): HistoryEntry | undefined {
  const details = parse(text) as Record<string, unknown> | undefined;
  if (!details) return undefined;
  if (
    action === 'mail.sent' &&
    String(details.documents ?? '')
      .split(',')
      .includes(id)
  )
    return { at, kind: 'sent', detail: String(details.recipientDomains ?? '') };
  if (action === 'ai.request' && details.document === id)
    return { at, kind: 'ai', detail: String(details.model ?? '') };
  return undefined;
}

/** Newest first. DOCUMENT_NOT_FOUND for an unknown id. */
export async function documentHistory(db: ReadDb, id: string): Promise<HistoryEntry[]> {
  const doc = await db.get<{ original_name: string; added_at: string; modified_at: string; deleted_at: string | null }>(
    'SELECT original_name, added_at, modified_at, deleted_at FROM documents WHERE id = ?',
    [id],
  );
  if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
  const entries: HistoryEntry[] = [{ at: doc.added_at, kind: 'added', detail: doc.original_name }];
  if (doc.deleted_at) entries.push({ at: doc.deleted_at, kind: 'trashed', detail: '' });

  const synced = await db.all<{ field: string; value: string; hlc: string; prev: string | null }>(
    `SELECT field, value, hlc, prev FROM sync_state WHERE entity = 'doc' AND rid = ?`,
    [id],
  );
  // A tag or custom field first seen after the document itself was captured was added later: an entry too.
  const captured = synced.find((r) => r.field === 'content');
  const later = captured ? Number(captured.hlc.slice(0, 15)) + SAME_CAPTURE_MS : Infinity;
  let lastSyncedEdit = '';
  for (const row of synced) {
    const added = row.prev === null && /^(tag|cf)\./.test(row.field) && Number(row.hlc.slice(0, 15)) > later;
    if (row.prev === null && !added) continue;
    const at = stampTime(row.hlc);
    const entry = at && syncedEntry(row.field, parse(row.value), at);
    if (!entry) continue;
    entries.push(entry);
    if (entry.at > lastSyncedEdit) lastSyncedEdit = entry.at;
  }
  // The row's own last change, when the clocks do not already account for it (sync captures after the edit),
  // and when it is not the trashing, which set it too.
  if (doc.modified_at > doc.added_at && doc.modified_at !== doc.deleted_at && lastSyncedEdit < doc.modified_at)
    entries.push({ at: doc.modified_at, kind: 'edited', detail: 'details' });

  // `%id%` narrows the scan; each entry is then checked exactly.
  const like = `%${id}%`;
  const audited = await db.all<{ at: string; action: string; details: string }>(
    `SELECT at, action, details FROM audit_log WHERE action IN ('mail.sent', 'ai.request') AND details LIKE ?
     UNION ALL
     SELECT at, action, details FROM sync_audit WHERE action IN ('mail.sent', 'ai.request') AND details LIKE ?`,
    [like, like],
  );
  for (const row of audited) {
    const entry = auditEntry(id, row.at, row.action, row.details);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
