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
import { applyInTransaction, type ApplyReport } from './apply.js';
import { publicKeys } from './devices.js';
import type { SyncSession } from './session.js';

/** Segments read before they are applied in one transaction (bounds memory: each is at most 4 MiB of JSON). */
const BATCH_SEGMENTS = 64;

export interface PullReport extends ApplyReport {
  segments: number;
  /** Devices whose segments were refused (named errors) or could not be read; the others were applied. */
  errors: unknown[];
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
  const todo = new Map<string, string[]>();
  const errors: unknown[] = [];
  // Device by device: one device's broken or refused chain never holds back the others'.
  for (const deviceId of keys.keys()) {
    if (deviceId === session.deviceId) continue;
    try {
      const seen = verifier.state()[deviceId]?.seq ?? 0;
      const prefix = segmentPrefix(session.nameKey, deviceId);
      const listed = await session.remote.list(prefix, seen > 1 ? nameOf(deviceId, seen - 1) : undefined);
      const seqs = listed.map((e) => seqOfSegmentName(e.key)).filter((s): s is number => s !== undefined);
      verifier.checkHead(deviceId, seqs.length ? Math.max(...seqs) : undefined);
      const names = seqs
        .sort((a, b) => a - b)
        .filter((seq) => seq > seen)
        .map((seq) => nameOf(deviceId, seq));
      if (names.length) todo.set(deviceId, names);
    } catch (error) {
      errors.push(error);
    }
  }
  const total: PullReport = { segments: 0, applied: 0, conflicts: 0, issues: [], removals: [], errors };
  const count = [...todo.values()].reduce((n, names) => n + names.length, 0);
  let state = verifier.state();
  for (const [deviceId, names] of todo) {
    try {
      for (let i = 0; i < names.length; i += BATCH_SEGMENTS) {
        const scratch = new ChainVerifier(state, nameOf);
        const changes: AuthoredChange[] = [];
        let read = 0;
        for (const name of names.slice(i, i + BATCH_SEGMENTS)) {
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
          read++;
        }
        const next = scratch.state();
        const report = await applyInTransaction(host, clock, { changes, chain: next });
        state = next;
        total.segments += read;
        total.applied += report.applied;
        total.conflicts += report.conflicts;
        total.issues.push(...report.issues);
        for (const name of report.removals) await host.removeBlob(name);
        onProgress?.(total.segments, count);
      }
    } catch (error) {
      errors.push(error);
    }
  }
  return { ...total, chain: state };
}
