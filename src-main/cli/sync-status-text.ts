/** `lockleaf remote status` and `lockleaf sync conflicts` as text a person reads. */
import type { SyncStatus } from '../../src-shared/sync.js';
import { formatBytes } from '../mail/compose.js';
import type { ReadDb } from '../vault/db/connection.js';
import { serviceName } from './sync-remote-options.js';

const files = (n: number, bytes: number) => `${n} file${n === 1 ? '' : 's'}${n ? ` (${formatBytes(bytes)})` : ''}`;

export function describeStatus(s: SyncStatus): string[] {
  if (!s.configured) return ['Sync is not set up on this vault (lockleaf remote add r2|s3 … sets it up).'];
  const up = s.pendingUploads ?? { changes: 0, files: 0, bytes: 0 };
  const down = s.pendingDownloads ?? { files: 0, bytes: 0 };
  const lines = [
    `Service:           ${serviceName(s.kind)}`,
    `Bucket:            ${s.bucket}`,
    `Endpoint:          ${s.endpoint}`,
    `This device:       ${s.deviceName}`,
    `Devices:           ${s.devices ?? 0}`,
    `Last sync:         ${s.lastSyncAt ?? 'never'}`,
    `Pending uploads:   ${up.changes} change${up.changes === 1 ? '' : 's'}, ${files(up.files, up.bytes)}`,
    `Pending downloads: ${files(down.files, down.bytes)}`,
    `Conflicts:         ${s.conflicts ?? 0}${s.conflicts ? ' (lockleaf sync conflicts shows what each kept and lost)' : ''}`,
  ];
  if (s.lastError) lines.push(`Last error:        ${s.lastError.message} [${s.lastError.code}]`);
  return lines;
}

export interface ConflictRow {
  seq: number;
  entity: string;
  rid: string;
  field: string;
  kept: string;
  lost: string;
  at: string;
}

export interface ConflictNote {
  at: string;
  entity: string;
  record: string;
  field: string;
  kept: unknown;
  lost: unknown;
}

export async function conflictNotes(read: ReadDb, limit: number): Promise<ConflictNote[]> {
  const rows = await read.all<ConflictRow>(
    'SELECT seq, entity, rid, field, kept, lost, at FROM sync_conflicts ORDER BY seq DESC LIMIT ?',
    [limit],
  );
  // kept and lost are {hlc, value} as JSON (apply.ts): the value is what a person wants to see.
  const valueOf = (json: string) => (JSON.parse(json) as { value: unknown }).value;
  return rows.map((r) => ({
    at: r.at,
    entity: r.entity,
    record: r.rid,
    field: r.field,
    kept: valueOf(r.kept),
    lost: valueOf(r.lost),
  }));
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function describeConflicts(notes: ConflictNote[]): string[] {
  if (notes.length === 0) return ['No conflicts: no edit made on two devices at once was lost.'];
  return notes.map((n) => `${n.at}  ${n.entity} ${n.record}  ${n.field}: kept ${shown(n.kept)}, lost ${shown(n.lost)}`);
}
