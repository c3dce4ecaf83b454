/**
 * The device directory in the bucket: `dev/<device tag>`, one object per
 * device, holding its id, name and Ed25519 public key (which verifies its
 * segments and snapshots), sealed under a key derived from the name key so
 * only members read or write it, and bound to its name. Written once with a
 * conditional create.
 *
 * Trust: any holder of the remote keyring may add a device; every member is
 * the same person. Shared vaults (roles) will need records signed by an
 * owner's key; the record has room for that (a format field).
 */
import { createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { open, seal } from '../../crypto/aead.js';
import { LockleafError } from '../../errors.js';
import type { ReadDb, WriteDb } from '../../vault/db/connection.js';
import { deviceTag } from '../log/names.js';
import type { Remote } from '../remote/remote.js';

export const DEVICE_PREFIX = 'dev/';

export interface DeviceRecord {
  format: 1;
  deviceId: string;
  name: string;
  /** SPKI DER, base64. */
  publicKey: string;
  addedAt: string;
}

export function deviceObjectName(nameKey: Uint8Array, deviceId: string): string {
  return `${DEVICE_PREFIX}${deviceTag(nameKey, deviceId).toString('hex')}`;
}

function recordKey(nameKey: Uint8Array, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', nameKey, Buffer.from(vaultId, 'utf8'), 'lockleaf/device-record/v1', 32));
}

export function sealDevice(
  nameKey: Uint8Array,
  vaultId: string,
  record: DeviceRecord,
): { name: string; bytes: Buffer } {
  const name = deviceObjectName(nameKey, record.deviceId);
  const key = recordKey(nameKey, vaultId);
  try {
    return { name, bytes: seal(key, Buffer.from(JSON.stringify(record)), `${vaultId}:${name}`) };
  } finally {
    key.fill(0);
  }
}

export function openDevice(nameKey: Uint8Array, vaultId: string, name: string, bytes: Uint8Array): DeviceRecord {
  const key = recordKey(nameKey, vaultId);
  let record: DeviceRecord;
  try {
    record = JSON.parse(open(key, bytes, `${vaultId}:${name}`).toString('utf8')) as DeviceRecord;
  } catch (error) {
    throw new LockleafError(
      'SYNC_TAMPERED',
      'A device record in the bucket was altered. Nothing was changed.',
      { object: name },
      { cause: error },
    );
  } finally {
    key.fill(0);
  }
  const valid =
    record?.format === 1 &&
    typeof record.deviceId === 'string' &&
    /^[0-9a-f]{32}$/.test(record.deviceId) &&
    deviceObjectName(nameKey, record.deviceId) === name &&
    typeof record.name === 'string' &&
    typeof record.publicKey === 'string';
  if (!valid)
    throw new LockleafError('SYNC_TAMPERED', 'A device record in the bucket is damaged. Nothing was changed.', {
      object: name,
    });
  const key2 = createPublicKey({ key: Buffer.from(record.publicKey, 'base64'), format: 'der', type: 'spki' });
  if (key2.asymmetricKeyType !== 'ed25519')
    throw new LockleafError('SYNC_TAMPERED', 'A device record in the bucket names a key Lockleaf does not use.', {
      object: name,
    });
  return record;
}

/** Reads device records this vault does not know yet into `sync_devices`. A known device's record is never replaced. */
export async function refreshDevices(
  remote: Remote,
  db: ReadDb,
  write: <T>(fn: (tx: WriteDb) => Promise<T>) => Promise<T>,
  nameKey: Uint8Array,
  vaultId: string,
): Promise<number> {
  const known = new Set(
    (await db.all<{ device_id: string }>('SELECT device_id FROM sync_devices')).map((r) =>
      deviceObjectName(nameKey, r.device_id),
    ),
  );
  const fresh: DeviceRecord[] = [];
  for (const entry of await remote.list(DEVICE_PREFIX)) {
    if (known.has(entry.key)) continue;
    const object = await remote.get(entry.key);
    if (object) fresh.push(openDevice(nameKey, vaultId, entry.key, object.bytes));
  }
  if (fresh.length > 0)
    await write(async (tx) => {
      for (const d of fresh)
        await tx.run('INSERT OR IGNORE INTO sync_devices (device_id, public_key, name, added_at) VALUES (?, ?, ?, ?)', [
          d.deviceId,
          d.publicKey,
          d.name,
          d.addedAt,
        ]);
    });
  return fresh.length;
}

export async function publicKeys(db: ReadDb): Promise<Map<string, KeyObject>> {
  const rows = await db.all<{ device_id: string; public_key: string }>(
    'SELECT device_id, public_key FROM sync_devices',
  );
  return new Map(
    rows.map((r) => [
      r.device_id,
      createPublicKey({ key: Buffer.from(r.public_key, 'base64'), format: 'der', type: 'spki' }),
    ]),
  );
}
