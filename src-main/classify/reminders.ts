/**
 * Reminders: documents whose due or expiry date (the custom fields an accepted
 * suggestion writes, or the user typed) falls within the next days, or has
 * passed recently. The "Due soon" view, the tray entry, `lockleaf due` and the
 * OS notification all read this list.
 */
import { FIELD_DUE, FIELD_EXPIRY, type Reminder, type ReminderKind } from '../../src-shared/classify.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';

const DAY_MS = 86_400_000;

/** Today as YYYY-MM-DD in the machine's time zone (a reminder is for the user's day, not UTC's). */
export function localToday(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

interface ReminderRow {
  seq: number;
  id: string;
  title: string;
  field: string;
  value: string;
}

/**
 * Live documents with a due or expiry date from `pastDays` ago up to `days` ahead,
 * soonest first. Past ones stay for a while: an expired passport still needs renewing.
 */
export async function listReminders(
  db: ReadDb,
  options: { today: string; days: number; pastDays?: number },
): Promise<Reminder[]> {
  const rows = await db.all<ReminderRow>(
    `SELECT d.seq, d.id, d.title, f.name AS field, v.value
     FROM document_custom_fields v JOIN custom_fields f ON f.id = v.field_id JOIN documents d ON d.seq = v.document_seq
     WHERE f.name IN (?, ?) AND f.kind = 'date' AND d.deleted_at IS NULL AND v.value BETWEEN ? AND ?
     ORDER BY v.value, d.title`,
    [FIELD_DUE, FIELD_EXPIRY, addDays(options.today, -(options.pastDays ?? 30)), addDays(options.today, options.days)],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: (r.field.toLocaleLowerCase('en-US') === FIELD_DUE.toLocaleLowerCase('en-US')
      ? 'due'
      : 'expiry') satisfies ReminderKind,
    date: r.value,
    daysLeft: daysBetween(options.today, r.value),
  }));
}

/** Reminders inside the notice period that have not been notified for this date yet. */
export async function remindersToNotify(db: ReadDb, today: string, days: number): Promise<Reminder[]> {
  const due = (await listReminders(db, { today, days, pastDays: 0 })).filter((r) => r.daysLeft >= 0);
  const out: Reminder[] = [];
  for (const r of due) {
    const shown = await db.get(
      `SELECT 1 FROM reminders_shown s JOIN documents d ON d.seq = s.document_seq
       WHERE d.id = ? AND s.kind = ? AND s.date = ?`,
      [r.id, r.kind, r.date],
    );
    if (!shown) out.push(r);
  }
  return out;
}

export async function markNotified(tx: WriteDb, reminders: readonly Reminder[]): Promise<void> {
  const now = new Date().toISOString();
  for (const r of reminders)
    await tx.run(
      `INSERT OR IGNORE INTO reminders_shown (document_seq, kind, date, shown_at)
       SELECT seq, ?, ?, ? FROM documents WHERE id = ?`,
      [r.kind, r.date, now, r.id],
    );
}
