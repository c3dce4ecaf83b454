/** Outbox rows and recent recipients: plain SQL, no sending. */
import type { OutboxItem, OutboxState } from '../../src-shared/mail.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';

export interface OutboxRow {
  seq: number;
  id: string;
  mailbox_id: string;
  mailbox: string;
  message_id: string;
  recipients: string;
  subject: string;
  body: string;
  document_ids: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  error_code: string | null;
  error_message: string | null;
  size: number | null;
  /** A provider draft of an unfinished attempt (see migration 007). */
  draft_id: string | null;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT o.*, m.name AS mailbox FROM outbox o JOIN mailboxes m ON m.id = o.mailbox_id`;

export function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    mailbox: row.mailbox,
    to: JSON.parse(row.recipients) as string[],
    subject: row.subject,
    documentIds: JSON.parse(row.document_ids) as string[],
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.error_code ? { error: { code: row.error_code, message: row.error_message ?? '' } } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewOutboxRow {
  id: string;
  mailboxId: string;
  messageId: string;
  to: string[];
  subject: string;
  body: string;
  documentIds: string[];
  size: number;
}

/** Inserts unless a row with this idempotency key exists; true when inserted. */
export async function insertOutbox(tx: WriteDb, row: NewOutboxRow, now: string): Promise<boolean> {
  const { changes } = await tx.run(
    `INSERT INTO outbox (id, mailbox_id, message_id, recipients, subject, body, document_ids, state, next_attempt_at, size, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [
      row.id,
      row.mailboxId,
      row.messageId,
      JSON.stringify(row.to),
      row.subject,
      row.body,
      JSON.stringify(row.documentIds),
      now,
      row.size,
      now,
      now,
    ],
  );
  if (changes === 1) {
    for (const address of row.to) {
      await tx.run(
        `INSERT INTO mail_recipients (address, last_used_at) VALUES (?, ?)
         ON CONFLICT (address) DO UPDATE SET last_used_at = excluded.last_used_at, uses = uses + 1`,
        [address, now],
      );
    }
  }
  return changes === 1;
}

export async function outboxRow(db: ReadDb, id: string): Promise<OutboxRow | undefined> {
  return db.get<OutboxRow>(`${SELECT} WHERE o.id = ?`, [id]);
}

export async function listOutbox(db: ReadDb, limit: number): Promise<OutboxRow[]> {
  return db.all<OutboxRow>(`${SELECT} ORDER BY o.seq DESC LIMIT ?`, [limit]);
}

/** The next message due. A row still `sending` here was cut off by a crash (one process holds the vault). */
export async function nextDue(db: ReadDb, now: string): Promise<OutboxRow | undefined> {
  return db.get<OutboxRow>(
    `${SELECT} WHERE o.state IN ('queued', 'sending') AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.seq LIMIT 1`,
    [now],
  );
}

export async function nextWake(db: ReadDb): Promise<string | undefined> {
  return (
    (
      await db.get<{ at: string | null }>(
        `SELECT min(next_attempt_at) AS at FROM outbox WHERE state IN ('queued', 'sending')`,
      )
    )?.at ?? undefined
  );
}

export async function markSending(tx: WriteDb, seq: number, now: string): Promise<void> {
  await tx.run(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE seq = ?`, [
    now,
    seq,
  ]);
}

export async function setDraft(tx: WriteDb, seq: number, draftId: string | null): Promise<void> {
  await tx.run('UPDATE outbox SET draft_id = ? WHERE seq = ?', [draftId, seq]);
}

export async function markSent(tx: WriteDb, seq: number, providerId: string | undefined, now: string): Promise<void> {
  await tx.run(
    `UPDATE outbox SET state = 'sent', provider_id = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE seq = ?`,
    [providerId ?? null, now, seq],
  );
}

export async function markFailed(tx: WriteDb, seq: number, code: string, message: string, now: string): Promise<void> {
  await tx.run(`UPDATE outbox SET state = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE seq = ?`, [
    code,
    message,
    now,
    seq,
  ]);
}

export async function markRetry(
  tx: WriteDb,
  seq: number,
  at: string,
  code: string,
  message: string,
  now: string,
): Promise<void> {
  await tx.run(
    `UPDATE outbox SET state = 'queued', next_attempt_at = ?, error_code = ?, error_message = ?, updated_at = ? WHERE seq = ?`,
    [at, code, message, now, seq],
  );
}

export async function requeue(tx: WriteDb, id: string, now: string): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'failed'`,
    [now, now, id],
  );
  return changes === 1;
}

export async function recentRecipients(db: ReadDb, limit: number): Promise<string[]> {
  return (
    await db.all<{ address: string }>('SELECT address FROM mail_recipients ORDER BY last_used_at DESC LIMIT ?', [limit])
  ).map((r) => r.address);
}
