/**
 * Hash-chained audit log. Each entry's MAC (HMAC-SHA256 under a key derived
 * from the keyring) covers its own fields and the previous entry's MAC, so an
 * edited or removed entry breaks the chain. The newest (seq, mac) is also
 * anchored outside the database, sealed in the key file, so dropping entries
 * from the end is caught too.
 *
 * Retention: entries older than a year are pruned from the start of the log
 * and replaced by one checkpoint entry (see pruneAuditLog), which the rest of
 * the chain still hangs from, so `verifyAudit` proves what is kept.
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
  'sync.set_up',
  'sync.removed',
  'sync.cloned',
  'sync.refused',
  'sync.kit_shown',
  // Claude (opt-in): switched on or off (never the key); each request: document id, model, characters, SHA-256.
  'ai.enabled',
  'ai.disabled',
  'ai.request',
  // Written only by pruneAuditLog, never appended: it stands in for the pruned entries.
  'audit.checkpoint',
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

export function macOf(key: Buffer, entry: AuditEntry, prevMac: string): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.action, entry.details, prevMac]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export async function appendAudit(
  tx: WriteDb,
  key: Buffer,
  action: AuditAction,
  details: AuditDetails = {},
): Promise<AuditHead> {
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
  // `pruned`: how many entries, from the first, a checkpoint stands in for (absent when none was pruned).
  { ok: true; entries: number; pruned?: number } | { ok: false; entries: number; brokenAt: number; reason: string };

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

type AuditRow = { seq: number; at: string; action: AuditAction; details: string; mac: string };

const CHECKPOINT: AuditAction = 'audit.checkpoint';
export const AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A checkpoint's details, all under its MAC: how many entries it stands in for
 * (all of 1..seq, so `pruned` equals its seq) and the MAC of the last of them,
 * which the entry after it was chained to.
 */
function checkpointOf(seq: number, details: AuditDetails): { lastMac: string } | undefined {
  const { pruned, lastMac, prunedAt } = details;
  if (pruned !== seq || typeof lastMac !== 'string' || !/^[0-9a-f]{64}$/.test(lastMac) || typeof prunedAt !== 'string')
    return undefined;
  return { lastMac };
}

function parseDetails(text: string): AuditDetails | undefined {
  try {
    return JSON.parse(text) as AuditDetails;
  } catch {
    return undefined;
  }
}

export async function verifyAudit(db: ReadDb, key: Buffer, anchor: AuditHead | undefined): Promise<AuditVerdict> {
  const rows = await db.all<AuditRow>('SELECT seq, at, action, details, mac FROM audit_log ORDER BY seq');
  const broken = (brokenAt: number, reason: string): AuditVerdict => ({
    ok: false,
    entries: rows.length,
    brokenAt,
    reason,
  });
  let prevMac = '';
  let expectedSeq = 1;
  let pruned: number | undefined;
  let anchorSeen = anchor === undefined;
  for (const [index, row] of rows.entries()) {
    if (row.action === CHECKPOINT) {
      // Only the first entry may be a checkpoint; it is MACed like any entry, chained to the pruned entry it names.
      const details = index === 0 ? parseDetails(row.details) : undefined;
      const checkpoint = details && checkpointOf(row.seq, details);
      if (
        !details ||
        !checkpoint ||
        !same(macOf(key, { seq: row.seq, at: row.at, action: row.action, details }, checkpoint.lastMac), row.mac)
      ) {
        return broken(row.seq, `entry ${row.seq} is a checkpoint that was altered or forged`);
      }
      // Pruning stops before the anchored entry, so the anchor always names one that is kept.
      if (anchor && anchor.seq <= row.seq)
        return broken(row.seq, `the anchored entry ${anchor.seq} is behind the checkpoint`);
      prevMac = checkpoint.lastMac;
      expectedSeq = row.seq + 1;
      pruned = row.seq;
      continue;
    }
    if (row.seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing`);
    const details = parseDetails(row.details);
    if (!details) return broken(row.seq, `entry ${row.seq} is unreadable`);
    const mac = macOf(key, { seq: row.seq, at: row.at, action: row.action, details }, prevMac);
    if (!same(mac, row.mac)) return broken(row.seq, `entry ${row.seq} was altered`);
    if (anchor && row.seq === anchor.seq) {
      if (!same(anchor.mac, row.mac)) return broken(row.seq, `entry ${row.seq} differs from the anchored one`);
      anchorSeen = true;
    }
    prevMac = row.mac;
    expectedSeq++;
  }
  if (!anchorSeen && anchor) {
    return broken(expectedSeq, `entries after ${expectedSeq - 1} were removed (the log should reach ${anchor.seq})`);
  }
  return pruned === undefined ? { ok: true, entries: rows.length } : { ok: true, entries: rows.length, pruned };
}

export interface AuditPruneOptions {
  now?: Date;
  retentionDays?: number;
}

/** `refused`: the chain did not verify, so nothing was pruned (a checkpoint would hide the damage). */
export type AuditPruneReport = { pruned: number; refused?: string };

/**
 * Replaces the entries older than the retention period, from the first on,
 * by one checkpoint entry with the seq, time and MAC of the last of them and
 * their count. Neither the newest nor the anchored entry is ever pruned (the
 * key file's anchor must name a kept one), nor one after a newer-dated entry
 * (a clock set back). The chain is verified first: pruning a broken one would
 * put a valid checkpoint over the evidence.
 */
export async function pruneAuditLog(
  tx: WriteDb,
  key: Buffer,
  anchor: AuditHead | undefined,
  options: AuditPruneOptions = {},
): Promise<AuditPruneReport> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.retentionDays ?? AUDIT_RETENTION_DAYS) * DAY_MS).toISOString();
  const first = await tx.get<AuditRow>('SELECT seq, at, action, details, mac FROM audit_log ORDER BY seq LIMIT 1');
  const bounds = await tx.get<{ last: number; keep: number | null }>(
    'SELECT MAX(seq) AS last, (SELECT MIN(seq) FROM audit_log WHERE at >= ?) AS keep FROM audit_log',
    [cutoff],
  );
  if (!first || !bounds) return { pruned: 0 };
  const newestKept = Math.min(bounds.last, anchor?.seq ?? bounds.last);
  const through = Math.min((bounds.keep ?? bounds.last + 1) - 1, newestKept - 1);
  const alreadyBehind = first.action === CHECKPOINT ? first.seq : first.seq - 1;
  if (through <= alreadyBehind) return { pruned: 0 };
  const verdict = await verifyAudit(tx, key, anchor);
  if (!verdict.ok) return { pruned: 0, refused: verdict.reason };
  const last = await tx.get<{ at: string; mac: string }>('SELECT at, mac FROM audit_log WHERE seq = ?', [through]);
  if (!last) throw new Error(`audit entry ${through} vanished while pruning`);
  // Its `at` is the last pruned entry's, so the checkpoint itself ages out with the entries after it.
  const details: AuditDetails = { pruned: through, lastMac: last.mac, prunedAt: now.toISOString() };
  const mac = macOf(key, { seq: through, at: last.at, action: CHECKPOINT, details }, last.mac);
  await tx.run('DELETE FROM audit_log WHERE seq <= ?', [through]);
  await tx.run('INSERT INTO audit_log (seq, at, action, details, mac) VALUES (?, ?, ?, ?, ?)', [
    through,
    last.at,
    CHECKPOINT,
    JSON.stringify(details),
    mac,
  ]);
  return { pruned: through - alreadyBehind };
}
