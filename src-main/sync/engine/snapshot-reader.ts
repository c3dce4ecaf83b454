/**
 * A new device starts from a snapshot: of every device's newest complete
 * snapshot, the one that covers the most (read from its first part alone), checked by
 * the verifier not to be behind what this device has seen, then applied part
 * by part, each opened (signature, name), checked to belong with the first
 * (same device, number, part count and covers) and applied before the next is
 * read, so memory holds one part at a time. The chain heads move with the
 * last part. A part missing or refused mid-way leaves authentic state
 * applied but the heads unmoved: the next round starts the snapshot again,
 * and re-applying is harmless (duplicates change nothing).
 */
import { LockleafError } from '../../errors.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { type HybridClock, parseHlc } from '../merge/hlc.js';
import { deviceTag, segmentName, snapshotName, SNAPSHOT_PREFIX } from '../log/names.js';
import { openSnapshotPart, type OpenedSnapshotPart } from '../log/snapshot.js';
import { ChainVerifier, type ChainState } from '../log/verifier.js';
import type { OpenContext } from '../log/sealed-object.js';
import { applyInTransaction } from './apply.js';
import { publicKeys } from './devices.js';
import type { SyncSession } from './session.js';

const damaged = (name: string) =>
  new LockleafError('SYNC_TAMPERED', 'A snapshot in the bucket holds damaged content. Nothing was changed.', {
    object: name,
  });

/** Loads the most complete snapshot into a vault that has seen nothing yet; false when there is none. */
export async function loadLatestSnapshot(session: SyncSession, host: SyncHost, clock: HybridClock): Promise<boolean> {
  const keys = await publicKeys(host.read);
  const byTag = new Map([...keys.keys()].map((id) => [deviceTag(session.nameKey, id).toString('hex'), id]));
  // Every snapshot listed, by device and number, with the parts the bucket holds of it.
  const listed = new Map<string, Map<number, number>>();
  for (const entry of await session.remote.list(SNAPSHOT_PREFIX)) {
    const match = /^snap\/([0-9a-f]{16})\/(\d{12})\/\d{4}$/.exec(entry.key);
    const deviceId = match && byTag.get(match[1]!);
    if (!match || !deviceId) continue;
    const numbers = listed.get(deviceId) ?? new Map<number, number>();
    listed.set(deviceId, numbers);
    numbers.set(Number(match[2]), (numbers.get(Number(match[2])) ?? 0) + 1);
  }
  const context = (deviceId: string, name: string): OpenContext => ({
    name,
    vaultId: host.vaultId,
    deviceId,
    nameKey: session.nameKey,
    keyFor: (epoch) => session.keyring.epochs[epoch],
    publicKeyOf: (id) => keys.get(id),
  });
  const open = async (deviceId: string, snapSeq: number, part: number) => {
    const name = snapshotName(session.nameKey, deviceId, snapSeq, part);
    const object = await session.remote.get(name);
    return object && openSnapshotPart(object.bytes, context(deviceId, name));
  };
  let best: { first: OpenedSnapshotPart; weight: number } | undefined;
  for (const [deviceId, numbers] of listed) {
    // Each device's newest complete snapshot: one cut short (fewer parts listed than it has) is skipped.
    for (const snapSeq of [...numbers.keys()].sort((x, y) => y - x)) {
      const first = await open(deviceId, snapSeq, 0);
      if (!first || numbers.get(snapSeq) !== first.parts) continue;
      const weight = Object.values(first.covers).reduce((sum, h) => sum + h.seq, 0);
      if (!best || weight > best.weight) best = { first, weight };
      break;
    }
  }
  if (!best) return false;
  const start = (await host.read.get<{ chain: string }>('SELECT chain FROM sync_config'))!.chain;
  const verifier = new ChainVerifier(JSON.parse(start) as ChainState, (d, s) => segmentName(session.nameKey, d, s));
  const decision = verifier.checkSnapshot(best.first.covers, best.first.name);
  if (decision.verdict !== 'apply') return false;
  // This device's own head stays its own business: a snapshot never moves it.
  const chain: ChainState = { ...decision.next };
  delete chain[session.deviceId];
  const { first } = best;
  const covers = JSON.stringify(first.covers);
  for (let part = 0; part < first.parts; part++) {
    const opened = part === 0 ? first : await open(first.deviceId, first.snapSeq, part);
    if (!opened)
      throw new LockleafError(
        'SYNC_GAP',
        `A snapshot in the bucket is missing part ${part + 1} of ${first.parts}. The next sync tries again.`,
        { object: snapshotName(session.nameKey, first.deviceId, first.snapSeq, part) },
      );
    const together =
      opened.snapSeq === first.snapSeq && opened.parts === first.parts && JSON.stringify(opened.covers) === covers;
    if (!together || !Array.isArray(opened.state)) throw damaged(opened.name);
    const changes = (opened.state as Change[]).map((change) => ({ author: authorOf(change, opened.name), change }));
    if (part > 0) opened.state = undefined;
    const last = part === first.parts - 1;
    await applyInTransaction(host, clock, { changes, chain: last ? chain : (JSON.parse(start) as ChainState) });
  }
  first.state = undefined;
  verifier.commit(decision);
  return true;
}

/** A snapshot carries every device's changes under its writer's signature: each is applied as its stamp's own. */
function authorOf(change: Change, name: string): string {
  try {
    return parseHlc(change.hlc).deviceId;
  } catch {
    throw damaged(name);
  }
}
