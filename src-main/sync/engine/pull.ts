/**
 * Pull: reads what other devices wrote since this one last looked, proves it
 * (signature, name, chain), and applies it. Each device's chain is checked
 * by a scratch copy of the verifier; the new heads are persisted in the same
 * transaction as the changes, and only then does the engine's verifier move.
 * The bucket is listed from just below the newest segment seen, so a bucket
 * that deleted or rolled back a device's newest segment is caught.
 */
import type { SyncHost } from '../../vault/sync-host.js';
import type { HybridClock } from '../merge/hlc.js';
import type { AuthoredChange } from '../merge/lww.js';
import { segmentName, segmentPrefix, seqOfSegmentName } from '../log/names.js';
import { openSegment } from '../log/segment.js';
import { ChainVerifier, type ChainState } from '../log/verifier.js';
import { applyBatch, type ApplyReport } from './apply.js';
import { publicKeys } from './devices.js';
import type { SyncSession } from './session.js';

/** Segments read before they are applied in one transaction (bounds memory: each is at most 4 MiB of JSON). */
const BATCH_SEGMENTS = 64;

export interface PullReport extends ApplyReport {
  segments: number;
}

export async function pull(
  session: SyncSession,
  host: SyncHost,
  clock: HybridClock,
  chain: ChainState,
  onProgress?: (done: number, total: number) => void,
): Promise<PullReport & { chain: ChainState }> {
  const keys = await publicKeys(host.read);
  const nameOf = (deviceId: string, seq: number) => segmentName(session.nameKey, deviceId, seq);
  const verifier = new ChainVerifier(chain, nameOf);
  const todo: { deviceId: string; name: string }[] = [];
  for (const deviceId of keys.keys()) {
    if (deviceId === session.deviceId) continue;
    const seen = verifier.state()[deviceId]?.seq ?? 0;
    const prefix = segmentPrefix(session.nameKey, deviceId);
    const listed = await session.remote.list(prefix, seen > 1 ? nameOf(deviceId, seen - 1) : undefined);
    const seqs = listed.map((e) => seqOfSegmentName(e.key)).filter((s): s is number => s !== undefined);
    verifier.checkHead(deviceId, seqs.length ? Math.max(...seqs) : undefined);
    for (const seq of seqs.sort((a, b) => a - b)) if (seq > seen) todo.push({ deviceId, name: nameOf(deviceId, seq) });
  }
  const total: PullReport = { segments: 0, applied: 0, conflicts: 0, issues: [], removals: [] };
  let state = verifier.state();
  for (let i = 0; i < todo.length; i += BATCH_SEGMENTS) {
    const scratch = new ChainVerifier(state, nameOf);
    const changes: AuthoredChange[] = [];
    for (const { deviceId, name } of todo.slice(i, i + BATCH_SEGMENTS)) {
      const object = await session.remote.get(name);
      // Listed a moment ago and gone now: the bucket dropped it, a gap the verifier names on the next one.
      if (!object) break;
      const segment = openSegment(object.bytes, {
        name,
        vaultId: host.vaultId,
        deviceId,
        nameKey: session.nameKey,
        keyFor: (epoch) => session.keyring.epochs[epoch],
        publicKeyOf: (id) => keys.get(id),
      });
      const decision = scratch.check(segment, name);
      scratch.commit(decision);
      if (decision.verdict === 'apply')
        for (const change of segment.changes) changes.push({ author: deviceId, change });
      total.segments++;
    }
    const next = scratch.state();
    const report = await host.write((tx) => applyBatch(tx, host, clock, { changes, chain: next }));
    state = next;
    total.applied += report.applied;
    total.conflicts += report.conflicts;
    total.issues.push(...report.issues);
    total.removals.push(...report.removals);
    for (const name of report.removals) await host.removeBlob(name);
    onProgress?.(Math.min(i + BATCH_SEGMENTS, todo.length), todo.length);
  }
  return { ...total, chain: state };
}
