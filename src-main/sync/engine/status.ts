/** The sync status of a vault, for `lockleaf remote status` and Settings → Sync. Reads only; holds no secret. */
import type { SyncStatus } from '../../../src-shared/sync.js';
import type { SyncHost } from '../../vault/sync-host.js';
import { remoteSettingsSchema, type SyncConfigRow } from './session.js';

export async function syncStatus(host: SyncHost): Promise<SyncStatus> {
  const row = await host.read.get<SyncConfigRow>('SELECT * FROM sync_config WHERE id = 1');
  if (!row) return { configured: false };
  const settings = remoteSettingsSchema.parse(JSON.parse(row.remote));
  const count = async (sql: string) => (await host.read.get<{ n: number }>(sql))?.n ?? 0;
  const blobs = await host.read.all<{ blob_name: string; direction: string }>(
    `SELECT blob_name, direction FROM sync_blobs WHERE direction IN ('up', 'down')`,
  );
  let upBytes = 0;
  let upFiles = 0;
  for (const b of blobs.filter((b) => b.direction === 'up')) {
    upBytes += (await host.blobSize(b.blob_name)) ?? 0;
    upFiles++;
  }
  const down = blobs.filter((b) => b.direction === 'down').map((b) => b.blob_name);
  // A file coming down is as large as its document's stored blob on the device that sent it: its size column plus the format's overhead is close enough for a progress figure.
  const downBytes = down.length
    ? ((
        await host.read.get<{ n: number }>(
          `SELECT coalesce(sum(size), 0) AS n FROM documents WHERE blob_name IN (${down.map(() => '?').join(',')})`,
          down,
        )
      )?.n ?? 0)
    : 0;
  return {
    configured: true,
    kind: settings.kind,
    endpoint: settings.endpoint,
    bucket: settings.bucket,
    deviceName: row.device_name,
    devices: await count('SELECT count(*) AS n FROM sync_devices'),
    lastSyncAt: row.last_sync_at,
    lastError: row.last_error ? (JSON.parse(row.last_error) as { code: string; message: string }) : null,
    pendingUploads: {
      changes:
        (await count('SELECT count(*) AS n FROM sync_pending')) +
        // Audit entries (an unlock writes one) go with the next round unasked: not counted as waiting edits.
        (await count("SELECT count(*) AS n FROM sync_dirty WHERE entity != 'audit'")) +
        (await count('SELECT count(*) AS n FROM sync_outgoing')),
      files: upFiles,
      bytes: upBytes,
    },
    pendingDownloads: { files: down.length, bytes: downBytes },
    conflicts: await count('SELECT count(*) AS n FROM sync_conflicts'),
  };
}
