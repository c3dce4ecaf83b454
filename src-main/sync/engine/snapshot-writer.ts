/**
 * Snapshots: the whole merged state, sealed in parts, so a new device reads
 * a few objects rather than every segment ever written. A device writes one
 * after `every` of its own segments (and at set-up, so a clone of a large
 * vault never replays its first segments one by one); the previous one's
 * parts are deleted once the new one is complete. `loadLatestSnapshot` is
 * the clone side: it picks the snapshot that covers the most, proves it
 * (signatures, parts belong together, not behind what was seen) and applies
 * it part by part.
 */
import { LockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { type HybridClock, parseHlc } from '../merge/hlc.js';
import { deviceTag, segmentName, snapshotName, snapshotPrefix, SNAPSHOT_PREFIX } from '../log/names.js';
import { acceptSnapshot, openSnapshotPart, sealSnapshot, type OpenedSnapshotPart } from '../log/snapshot.js';
import { ChainVerifier, type ChainState } from '../log/verifier.js';
import { applyBatch } from './apply.js';
import { publicKeys } from './devices.js';
import type { SyncSession } from './session.js';
import { allChanges } from './state-table.js';
import { toWire } from './wire.js';

/** JSON bytes per part before compression: well under the 64 MiB a reader accepts. */
const PART_BUDGET = 24 * 1024 * 1024;

export async function maybeWriteSnapshot(session: SyncSession, host: SyncHost, every: number): Promise<boolean> {
  const config = (await host.read.get<{
    next_seq: number;
    own_hash: string;
    chain: string;
    snap_seq: number;
    snap_own_seq: number;
  }>('SELECT next_seq, own_hash, chain, snap_seq, snap_own_seq FROM sync_config'))!;
  const own = config.next_seq - 1;
  const outgoing = (await host.read.get<{ n: number }>('SELECT count(*) AS n FROM sync_outgoing'))!.n;
  // The first one as soon as there is anything: a clone of a large vault never replays its set-up segment by segment.
  const due = config.snap_seq === 0 ? own > 0 : own - config.snap_own_seq >= every;
  if (outgoing > 0 || !due) return false;
  const covers: ChainState = {
    ...(JSON.parse(config.chain) as ChainState),
    [session.deviceId]: { seq: own, hash: config.own_hash },
  };
  const parts: Change[][] = [[]];
  let bytes = 0;
  for await (const page of allChanges(host.read)) {
    for (const change of page) {
      const wire = await toWire(host.read, host, change);
      const size = Buffer.byteLength(JSON.stringify(wire));
      if (bytes + size > PART_BUDGET && parts[parts.length - 1]!.length > 0) {
        parts.push([]);
        bytes = 0;
      }
      parts[parts.length - 1]!.push(wire);
      bytes += size;
    }
  }
  const snapSeq = config.snap_seq + 1;
  for (const [part, state] of parts.entries()) {
    const sealed = sealSnapshot({
      vaultId: host.vaultId,
      deviceId: session.deviceId,
      nameKey: session.nameKey,
      snapSeq,
      part,
      parts: parts.length,
      epoch: session.keyring.current,
      contentKey: session.contentKey,
      signingKey: session.signingKey,
      covers,
      state,
    });
    parts[part] = []; // let the part's changes go before the next is sealed
    await session.remote.create(sealed.name, sealed.bytes);
  }
  await host.write(async (tx) => {
    await tx.run('UPDATE sync_config SET snap_seq = ?, snap_own_seq = ?', [snapSeq, own]);
    // What a device starting from this snapshot will need: cleanup.ts keeps every segment after it.
    await tx.run(
      `INSERT INTO meta (key, value) VALUES ('sync_snap_covers', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify(covers)],
    );
  });
  // The previous snapshot: no device needs it once this one is complete.
  for (const entry of await session.remote.list(snapshotPrefix(session.nameKey, session.deviceId))) {
    if (!entry.key.startsWith(snapshotName(session.nameKey, session.deviceId, snapSeq, 0).slice(0, -4)))
      await session.remote.delete(entry.key);
  }
  return true;
}

/** Loads the most complete snapshot in the bucket into a vault that has seen nothing yet; false when there is none. */
export async function loadLatestSnapshot(session: SyncSession, host: SyncHost, clock: HybridClock): Promise<boolean> {
  const keys = await publicKeys(host.read);
  const byTag = new Map([...keys.keys()].map((id) => [deviceTag(session.nameKey, id).toString('hex'), id]));
  const newest = new Map<string, { snapSeq: number; names: string[] }>();
  for (const entry of await session.remote.list(SNAPSHOT_PREFIX)) {
    const match = /^snap\/([0-9a-f]{16})\/(\d{12})\/\d{4}$/.exec(entry.key);
    const deviceId = match && byTag.get(match[1]!);
    if (!match || !deviceId) continue;
    const snapSeq = Number(match[2]);
    const seen = newest.get(deviceId);
    if (!seen || snapSeq > seen.snapSeq) newest.set(deviceId, { snapSeq, names: [entry.key] });
    else if (snapSeq === seen.snapSeq) seen.names.push(entry.key);
  }
  const config = (await host.read.get<{ chain: string }>('SELECT chain FROM sync_config'))!;
  const verifier = new ChainVerifier(JSON.parse(config.chain) as ChainState, (d, s) =>
    segmentName(session.nameKey, d, s),
  );
  let best: { parts: OpenedSnapshotPart[]; weight: number } | undefined;
  for (const [deviceId, { names }] of newest) {
    const parts: OpenedSnapshotPart[] = [];
    for (const name of names) {
      const object = await session.remote.get(name);
      if (!object) continue;
      parts.push(
        openSnapshotPart(object.bytes, {
          name,
          vaultId: host.vaultId,
          deviceId,
          nameKey: session.nameKey,
          keyFor: (epoch) => session.keyring.epochs[epoch],
          publicKeyOf: (id) => keys.get(id),
        }),
      );
    }
    if (parts.length === 0) continue;
    const weight = Object.values(parts[0]!.covers).reduce((sum, h) => sum + h.seq, 0);
    if (!best || weight > best.weight) best = { parts, weight };
  }
  if (!best) return false;
  const accepted = acceptSnapshot(best.parts, verifier);
  if (accepted.verdict !== 'apply') return false;
  // This device's own head stays its own business: a snapshot never moves it.
  const chain: ChainState = { ...accepted.decision.next };
  delete chain[session.deviceId];
  const states = accepted.states;
  for (const [i, state] of states.entries()) {
    if (!Array.isArray(state))
      throw new LockleafError('SYNC_TAMPERED', 'A snapshot in the bucket holds damaged content. Nothing was changed.', {
        object: best.parts[i]!.name,
      });
    const changes = (state as Change[]).map((change) => ({ author: parseHlc(change.hlc).deviceId, change }));
    const last = i === states.length - 1;
    await host.write((tx) =>
      applyBatch(tx, host, clock, { changes, chain: last ? chain : (JSON.parse(config.chain) as ChainState) }),
    );
    states[i] = undefined;
  }
  verifier.commit(accepted.decision);
  return true;
}
