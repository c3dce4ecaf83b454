/** Mailbox rows: who, which provider, non-secret settings. Secrets are in secret-fields. */
import { z } from 'zod';
import type { MailboxKind, MailboxSummary } from '../../src-shared/mail.js';
import { LockleafError } from '../errors.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';

export const smtpSettingsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1),
  /** Implicit TLS (465) or STARTTLS required (587); plain text is not offered. */
  security: z.enum(['tls', 'starttls']),
  allowSelfSigned: z.boolean(),
});
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

export const oauthSettingsSchema = z.object({
  scope: z.string(),
  accessTokenExpiresAt: z.number().optional(),
});
export type OAuthSettings = z.infer<typeof oauthSettingsSchema>;

export type MailboxRecord =
  | {
      id: string;
      name: string;
      kind: 'smtp';
      address: string;
      status: MailboxSummary['status'];
      isDefault: boolean;
      settings: SmtpSettings;
    }
  | {
      id: string;
      name: string;
      kind: 'gmail' | 'microsoft';
      address: string;
      status: MailboxSummary['status'];
      isDefault: boolean;
      settings: OAuthSettings;
    };

interface Row {
  id: string;
  name: string;
  kind: MailboxKind;
  address: string;
  settings: string;
  status: MailboxSummary['status'];
  is_default: number;
}

function toRecord(row: Row): MailboxRecord {
  const base = {
    id: row.id,
    name: row.name,
    address: row.address,
    status: row.status,
    isDefault: row.is_default === 1,
  };
  const settings: unknown = JSON.parse(row.settings);
  return row.kind === 'smtp'
    ? { ...base, kind: 'smtp', settings: smtpSettingsSchema.parse(settings) }
    : { ...base, kind: row.kind, settings: oauthSettingsSchema.parse(settings) };
}

export function summaryOf(record: MailboxRecord): MailboxSummary {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    address: record.address,
    status: record.status,
    isDefault: record.isDefault,
  };
}

const COLUMNS = 'id, name, kind, address, settings, status, is_default';

export async function insertMailbox(
  tx: WriteDb,
  record: Omit<MailboxRecord, 'status' | 'isDefault'>,
  now: string,
): Promise<void> {
  if (await tx.get('SELECT 1 FROM mailboxes WHERE name = ?', [record.name])) {
    throw new LockleafError('MAILBOX_EXISTS', `A mailbox named "${record.name}" already exists.`);
  }
  // The first mailbox is the default one.
  const hasDefault = await tx.get('SELECT 1 FROM mailboxes WHERE is_default = 1');
  await tx.run(
    'INSERT INTO mailboxes (id, name, kind, address, settings, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [record.id, record.name, record.kind, record.address, JSON.stringify(record.settings), hasDefault ? 0 : 1, now],
  );
}

export async function listMailboxes(db: ReadDb): Promise<MailboxSummary[]> {
  const rows = await db.all<Row>(`SELECT ${COLUMNS} FROM mailboxes ORDER BY name`);
  return rows.map((r) => summaryOf(toRecord(r)));
}

export async function mailboxById(db: ReadDb, id: string): Promise<MailboxRecord | undefined> {
  const row = await db.get<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE id = ?`, [id]);
  return row && toRecord(row);
}

/** The named mailbox, or the default one when no name is given. */
export async function findMailbox(db: ReadDb, name?: string): Promise<MailboxRecord> {
  const row = name
    ? await db.get<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE name = ?`, [name])
    : await db.get<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE is_default = 1`);
  if (row) return toRecord(row);
  if (name) throw new LockleafError('MAILBOX_NOT_FOUND', `No mailbox named "${name}".`);
  throw new LockleafError('NO_MAILBOX', 'No mailbox is connected yet. Add one first (lockleaf mailbox add …).');
}

export async function deleteMailbox(tx: WriteDb, id: string): Promise<void> {
  await tx.run('DELETE FROM mailboxes WHERE id = ?', [id]);
  if (!(await tx.get('SELECT 1 FROM mailboxes WHERE is_default = 1'))) {
    await tx.run(
      'UPDATE mailboxes SET is_default = 1 WHERE id = (SELECT id FROM mailboxes ORDER BY created_at LIMIT 1)',
    );
  }
}

export async function setMailboxStatus(tx: WriteDb, id: string, status: MailboxSummary['status']): Promise<void> {
  await tx.run('UPDATE mailboxes SET status = ? WHERE id = ?', [status, id]);
}

export async function setOAuthSettings(tx: WriteDb, id: string, settings: OAuthSettings): Promise<void> {
  await tx.run('UPDATE mailboxes SET settings = ? WHERE id = ?', [
    JSON.stringify(oauthSettingsSchema.parse(settings)),
    id,
  ]);
}
