/**
 * The audit log across devices. Each device keeps its own log, MAC-chained
 * under its own key (vault/audit/audit-log.ts); its entries also travel, one
 * record `audit/<deviceId>.<seq>` each, inside its signed, hash-chained
 * segments, so every device holds every device's log and can tell, for a
 * lost laptop, what was done on it up to its last sync. Entries are
 * immutable: a record is written once. `verifyEveryAudit` checks this
 * device's chain and that no other device's entries are missing in between
 * (each entry is taken only from a segment its own device signed).
 */
import type { ReadDb, WriteDb } from '../../vault/db/connection.js';

export const AUDIT = 'audit';

export async function readAuditFields(
  db: ReadDb,
  rid: string,
  ownDeviceId: string,
): Promise<Map<string, unknown> | undefined> {
  const [deviceId, seq] = rid.split('.');
  if (deviceId !== ownDeviceId) return undefined;
  const row = await db.get<{ at: string; action: string; details: string }>(
    'SELECT at, action, details FROM audit_log WHERE seq = ?',
    [Number(seq)],
  );
  return row
    ? new Map([['entry', { at: row.at, action: row.action, details: JSON.parse(row.details) as unknown }]])
    : undefined;
}

/** `author`: the device whose signed segment carried the entry; only its own entries are taken. */
export async function applyAuditRecord(
  tx: WriteDb,
  rid: string,
  values: Map<string, unknown>,
  author: string,
  ownDeviceId: string,
) {
  const match = /^([0-9a-f]{32})\.(\d{1,15})$/.exec(rid);
  const entry = values.get('entry') as { at?: unknown; action?: unknown; details?: unknown } | undefined;
  const valid = match && match[1] === author && author !== ownDeviceId && entry;
  if (!valid || typeof entry.at !== 'string' || typeof entry.action !== 'string') return;
  await tx.run('INSERT OR IGNORE INTO sync_audit (device_id, seq, at, action, details) VALUES (?, ?, ?, ?, ?)', [
    match[1]!,
    Number(match[2]),
    entry.at,
    entry.action,
    JSON.stringify(entry.details ?? {}),
  ]);
}

export interface DeviceAuditVerdict {
  deviceId: string;
  name: string;
  entries: number;
  /** The first missing entry, if the entries received skip one. */
  missingFrom?: number;
}

/** Other devices' logs as received: each must run without a hole from its first entry here to its last. */
export async function verifyOtherAudits(db: ReadDb): Promise<DeviceAuditVerdict[]> {
  const rows = await db.all<{ device_id: string; name: string | null; n: number; lo: number; hi: number }>(
    `SELECT a.device_id, d.name, count(*) AS n, min(a.seq) AS lo, max(a.seq) AS hi
     FROM sync_audit a LEFT JOIN sync_devices d ON d.device_id = a.device_id GROUP BY a.device_id`,
  );
  const out: DeviceAuditVerdict[] = [];
  for (const r of rows) {
    const verdict: DeviceAuditVerdict = { deviceId: r.device_id, name: r.name ?? 'unknown device', entries: r.n };
    if (r.hi - r.lo + 1 !== r.n) {
      const seqs = await db.all<{ seq: number }>('SELECT seq FROM sync_audit WHERE device_id = ? ORDER BY seq', [
        r.device_id,
      ]);
      verdict.missingFrom = r.lo + seqs.findIndex((s, i) => s.seq !== r.lo + i);
    }
    out.push(verdict);
  }
  return out;
}
