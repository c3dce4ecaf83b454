/**
 * Hash-chained audit log. Each entry's MAC (HMAC-SHA256 under a key derived
 * from the keyring) covers its own fields and the previous entry's MAC, so an
 * edited or removed entry breaks the chain. The newest (seq, mac) is also
 * anchored outside the database, sealed in the key file, so dropping entries
 * from the end is caught too.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReadDb, WriteDb } from '../db/connection.js';

export const auditActions = [
  'vault.created',
  'vault.unlocked',
  'vault.passphrase_changed',
  'vault.device_unlock_changed',
  'keys.rotation_started',
  'keys.rotated',
  'vault.exported',
  'vault.imported',
  'trash.purged',
  'mailbox.connected',
  'mailbox.disconnected',
  'mailbox.auth_revoked',
  'mail.sent',
  'mail.failed',
] as const;
export type AuditAction = (typeof auditActions)[number];
export type AuditDetails = Record<string, string | number | boolean>;

export interface AuditHead {
  seq: number;
  mac: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  action: AuditAction;
  details: AuditDetails;
}

function macOf(key: Buffer, entry: AuditEntry, prevMac: string): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.action, entry.details, prevMac]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export async function appendAudit(tx: WriteDb, key: Buffer, action: AuditAction, details: AuditDetails = {}): Promise<AuditHead> {
  const prev = await tx.get<{ seq: number; mac: string }>('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
  const entry: AuditEntry = { seq: (prev?.seq ?? 0) + 1, at: new Date().toISOString(), action, details };
  const mac = macOf(key, entry, prev?.mac ?? '');
  await tx.run('INSERT INTO audit_log (seq, at, action, details, mac) VALUES (?, ?, ?, ?, ?)', [
    entry.seq,
    entry.at,
    entry.action,
    JSON.stringify(details),
    mac,
  ]);
  return { seq: entry.seq, mac };
}

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAt: number; reason: string };

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function verifyAudit(db: ReadDb, key: Buffer, anchor: AuditHead | undefined): Promise<AuditVerdict> {
  const rows = await db.all<{ seq: number; at: string; action: AuditAction; details: string; mac: string }>(
    'SELECT seq, at, action, details, mac FROM audit_log ORDER BY seq',
  );
  let prevMac = '';
  let expectedSeq = 1;
  let anchorSeen = anchor === undefined;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, entries: rows.length, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
    }
    let details: AuditDetails;
    try {
      details = JSON.parse(row.details) as AuditDetails;
    } catch {
      return { ok: false, entries: rows.length, brokenAt: row.seq, reason: `entry ${row.seq} is unreadable` };
    }
    const mac = macOf(key, { seq: row.seq, at: row.at, action: row.action, details }, prevMac);
    if (!same(mac, row.mac)) {
      return { ok: false, entries: rows.length, brokenAt: row.seq, reason: `entry ${row.seq} was altered` };
    }
    if (anchor && row.seq === anchor.seq) {
      if (!same(anchor.mac, row.mac)) {
        return { ok: false, entries: rows.length, brokenAt: row.seq, reason: `entry ${row.seq} differs from the anchored one` };
      }
      anchorSeen = true;
    }
    prevMac = row.mac;
    expectedSeq++;
  }
  if (!anchorSeen && anchor) {
    return { ok: false, entries: rows.length, brokenAt: rows.length + 1, reason: `entries after ${rows.length} were removed (the log should reach ${anchor.seq})` };
  }
  return { ok: true, entries: rows.length };
}
