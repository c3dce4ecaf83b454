/**
 * Leaving sync on this device, and showing the emergency kit again.
 *
 * Removal refuses while edits made here have not reached the bucket (unless
 * forced): once sync is removed they never will, and joining the same bucket
 * again means a new clone. It also takes this device's record and
 * acknowledgement out of the bucket when it can reach it, so the other
 * devices stop keeping old segments for it. The bucket's vault and the other
 * devices are untouched.
 */
import { LockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Vault } from '../../vault/vault.js';
import { emergencyKitHtml, emergencyKitText } from '../keys/emergency-kit.js';
import { ackName } from './cleanup.js';
import { deviceObjectName } from './devices.js';
import { remoteSettingsSchema, SyncSession } from './session.js';

const TABLES = [
  'sync_config',
  'sync_secrets',
  'sync_state',
  'sync_dirty',
  'sync_pending',
  'sync_outgoing',
  'sync_devices',
  'sync_blobs',
  'sync_multipart',
  'sync_conflicts',
  'sync_audit',
];

/** Edits and files made here that the bucket does not have yet (audit entries aside). */
export async function unsent(host: SyncHost): Promise<number> {
  const n = async (sql: string) => (await host.read.get<{ n: number }>(sql))?.n ?? 0;
  return (
    (await n(`SELECT count(*) AS n FROM sync_dirty WHERE entity != 'audit'`)) +
    (await n('SELECT count(*) AS n FROM sync_pending')) +
    (await n('SELECT count(*) AS n FROM sync_outgoing')) +
    (await n(`SELECT count(*) AS n FROM sync_blobs WHERE direction = 'up'`))
  );
}

export interface RemoveReport {
  /** Whether this device's record could be taken out of the bucket (false: offline; the others keep its segments). */
  leftBucket: boolean;
}

export async function removeSync(vault: Vault, options: { force?: boolean } = {}): Promise<RemoveReport> {
  const host = vault.syncHost;
  const waiting = await unsent(host);
  if (waiting > 0 && !options.force)
    throw new LockleafError(
      'SYNC_PENDING',
      `${waiting} change(s) or file(s) made on this device have not reached the bucket yet, and would never reach your other devices. Sync first, or remove anyway.`,
      { waiting },
    );
  let leftBucket = false;
  const session = await SyncSession.open(host).catch(() => undefined);
  if (session) {
    try {
      await session.remote.delete(ackName(session.nameKey, session.deviceId));
      await session.remote.delete(deviceObjectName(session.nameKey, session.deviceId));
      leftBucket = true;
    } catch {
      // Offline or refused: this device stays listed, which only keeps old segments for it.
    } finally {
      session.close();
    }
  }
  await host.write(async (tx) => {
    for (const table of TABLES) await tx.run(`DELETE FROM ${table}`);
    await tx.run(`DELETE FROM meta WHERE key IN ('sync_ack', 'sync_snap_covers')`);
  });
  await host.audit('sync.removed');
  return { leftBucket };
}

/** The emergency kit again, for a device set up already: only with the vault's passphrase. */
export async function emergencyKitAgain(
  host: SyncHost,
  passphrase: string,
): Promise<{ kitText: string; kitHtml: string }> {
  await host.checkPassphrase(passphrase);
  const row = await host.read.get<{ remote: string }>('SELECT remote FROM sync_config');
  const secretKey = row && (await host.getSyncSecret('secret-key'));
  if (!row || !secretKey) throw new LockleafError('SYNC_NOT_SET_UP', 'Sync is not set up on this vault.');
  const settings = remoteSettingsSchema.parse(JSON.parse(row.remote));
  try {
    const kit = {
      secretKey,
      vaultId: host.vaultId,
      remote: { kind: settings.kind, endpoint: settings.endpoint, bucket: settings.bucket },
      createdAt: new Date(),
    };
    const shown = { kitText: emergencyKitText(kit), kitHtml: emergencyKitHtml(kit) };
    // The Secret Key left the vault's keeping: worth a line in the log every device can read.
    await host.audit('sync.kit_shown');
    return shown;
  } finally {
    secretKey.fill(0);
  }
}
