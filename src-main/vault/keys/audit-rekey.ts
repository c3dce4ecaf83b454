/**
 * Moving the audit chain to a new MAC key (a full rotation derives the key
 * from the new seed). Every entry is re-MACed in one transaction, in order,
 * with its seq, time, action and details unchanged; a first entry that is a
 * retention checkpoint keeps chaining to the pruned MAC it names (and the
 * entry after it too, as verifyAudit expects). Only a chain that
 * verifies under the old key (and its anchor) is moved: moving a broken one
 * would put valid MACs over the evidence.
 */
import type { WriteDb } from '../db/connection.js';
import {
  macOf,
  verifyAudit,
  type AuditAction,
  type AuditDetails,
  type AuditHead,
  type AuditVerdict,
} from '../audit/audit-log.js';

type Row = { seq: number; at: string; action: AuditAction; details: string; mac: string };

/** Re-MACs the chain under `next` if it verifies under `key`; returns the old key's verdict (nothing changed unless ok). */
export async function rekeyAuditChain(
  tx: WriteDb,
  key: Buffer,
  next: Buffer,
  anchor: AuditHead | undefined,
): Promise<AuditVerdict> {
  const verdict = await verifyAudit(tx, key, anchor);
  if (!verdict.ok) return verdict;
  const rows = await tx.all<Row>('SELECT seq, at, action, details, mac FROM audit_log ORDER BY seq');
  let prevMac = '';
  for (const [index, row] of rows.entries()) {
    const details = JSON.parse(row.details) as AuditDetails;
    // verifyAudit accepted it, so a checkpoint is first; it and the entry after it both chain to the pruned MAC it names.
    const checkpoint = index === 0 && row.action === 'audit.checkpoint';
    if (checkpoint) prevMac = String(details.lastMac);
    const mac = macOf(next, { seq: row.seq, at: row.at, action: row.action, details }, prevMac);
    await tx.run('UPDATE audit_log SET mac = ? WHERE seq = ?', [mac, row.seq]);
    if (!checkpoint) prevMac = mac;
  }
  return verdict;
}

/**
 * At an unlock that finds a rekeyed database: whether the chain was already
 * moved to `next` before the crash (it verifies under it and still reaches the
 * old anchor), else move it (if it verifies under `key`).
 */
export async function settleAuditChain(
  tx: WriteDb,
  key: Buffer,
  next: Buffer,
  anchor: AuditHead | undefined,
): Promise<'moved' | 'already' | 'broken'> {
  const head = await tx.get<{ seq: number }>('SELECT max(seq) AS seq FROM audit_log');
  if ((await verifyAudit(tx, next, undefined)).ok && (head?.seq ?? 0) >= (anchor?.seq ?? 0)) return 'already';
  return (await rekeyAuditChain(tx, key, next, anchor)).ok ? 'moved' : 'broken';
}
