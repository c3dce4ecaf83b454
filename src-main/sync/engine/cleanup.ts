/**
 * Deleting old segments, only once no known device still needs them. Every
 * device publishes what it still needs (`ack/<device tag>`: the chain heads
 * its newest snapshot covers, sealed like a device record, replaced in
 * place); a device deletes its own segments up to the lowest seq every other
 * known device acknowledged, never beyond its own newest snapshot, and never
 * its newest segment (the bucket must keep proving the chain's head). So
 * every device's newest snapshot can still be followed by the segments after
 * it, whichever a new device starts from. A device
 * that stopped syncing holds the log back until it is removed: losing
 * nothing matters more than a few kilobytes.
 *
 * An ack is authenticated (members only) but mutable, so a bucket can serve
 * an old one; that only keeps more segments, never fewer.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { open, seal } from '../../crypto/aead.js';
import type { SyncHost } from '../../vault/sync-host.js';
import { deviceTag, segmentName, segmentPrefix, seqOfSegmentName } from '../log/names.js';
import type { ChainState } from '../log/verifier.js';
import { DEVICE_PREFIX, deviceObjectName } from './devices.js';
import type { SyncSession } from './session.js';

export const ackName = (nameKey: Uint8Array, deviceId: string) => `ack/${deviceTag(nameKey, deviceId).toString('hex')}`;

function ackKey(nameKey: Uint8Array, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', nameKey, Buffer.from(vaultId, 'utf8'), 'lockleaf/ack/v1', 32));
}

interface Ack {
  deviceId: string;
  heads: ChainState;
}

/**
 * Publishes what this device still needs kept: the heads its newest snapshot
 * covers (a new device may start from it), or, before it wrote one, the heads
 * it applied. Skipped when unchanged since the last round.
 */
export async function publishAck(session: SyncSession, host: SyncHost): Promise<void> {
  const covers = await host.read.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'sync_snap_covers'`);
  const chain = (await host.read.get<{ chain: string }>('SELECT chain FROM sync_config'))!.chain;
  const heads = JSON.parse(covers?.value ?? chain) as ChainState;
  const name = ackName(session.nameKey, session.deviceId);
  const body = Buffer.from(JSON.stringify({ deviceId: session.deviceId, heads } satisfies Ack));
  const digest = createHash('sha256').update(body).digest('hex');
  const meta = await host.read.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'sync_ack'`);
  if (meta?.value === digest) return;
  const key = ackKey(session.nameKey, host.vaultId);
  const bytes = seal(key, body, `${host.vaultId}:${name}`);
  key.fill(0);
  const current = await session.remote.head(name);
  const result = current
    ? await session.remote.replace(name, bytes, current.etag)
    : await session.remote.create(name, bytes);
  if (result === 'created' || result === 'replaced')
    await host.write((tx) =>
      tx.run(
        `INSERT INTO meta (key, value) VALUES ('sync_ack', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [digest],
      ),
    );
}

async function readAck(session: SyncSession, vaultId: string, deviceId: string): Promise<Ack | undefined> {
  const name = ackName(session.nameKey, deviceId);
  const object = await session.remote.get(name);
  if (!object) return undefined;
  const key = ackKey(session.nameKey, vaultId);
  try {
    const ack = JSON.parse(open(key, object.bytes, `${vaultId}:${name}`).toString('utf8')) as Ack;
    return ack.deviceId === deviceId ? ack : undefined;
  } catch {
    return undefined; // altered: treated as "has seen nothing", which keeps everything
  } finally {
    key.fill(0);
  }
}

/** Deletes this device's segments every known device has applied and its snapshot covers; returns how many. */
export async function cleanUpSegments(session: SyncSession, host: SyncHost): Promise<number> {
  const config = (await host.read.get<{ next_seq: number; snap_own_seq: number }>(
    'SELECT next_seq, snap_own_seq FROM sync_config',
  ))!;
  const newest = config.next_seq - 1;
  let floor = Math.min(config.snap_own_seq, newest - 1);
  // A device that left (its record is gone from the bucket) no longer holds the log back.
  const listed = new Set((await session.remote.list(DEVICE_PREFIX)).map((e) => e.key));
  const others = (
    await host.read.all<{ device_id: string }>('SELECT device_id FROM sync_devices WHERE device_id != ?', [
      session.deviceId,
    ])
  ).filter((d) => listed.has(deviceObjectName(session.nameKey, d.device_id)));
  for (const { device_id } of others) {
    if (floor <= 0) return 0;
    const ack = await readAck(session, host.vaultId, device_id);
    floor = Math.min(floor, ack?.heads[session.deviceId]?.seq ?? 0);
  }
  if (floor <= 0) return 0;
  let deleted = 0;
  for (const entry of await session.remote.list(segmentPrefix(session.nameKey, session.deviceId))) {
    const seq = seqOfSegmentName(entry.key);
    if (seq === undefined || seq > floor) break;
    if (entry.key !== segmentName(session.nameKey, session.deviceId, seq)) continue;
    await session.remote.delete(entry.key);
    deleted++;
  }
  return deleted;
}
