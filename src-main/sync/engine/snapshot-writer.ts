/**
 * Snapshots: the whole merged state, sealed in parts, so a new device reads
 * a few objects rather than every segment ever written (snapshot-reader.ts).
 * A device writes one after its first round and after every `every` of its
 * own segments; the previous one's parts are deleted once the new one is
 * complete.
 */
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { snapshotName, snapshotPrefix } from '../log/names.js';
import { sealSnapshot } from '../log/snapshot.js';
import type { ChainState } from '../log/verifier.js';
import type { SyncSession } from './session.js';
import { allChanges } from './state-table.js';
import { toWire } from './wire.js';

/** JSON bytes per part before compression: well under the 64 MiB a reader accepts. */
/** JSON bytes per part: small enough that a part, parsed, costs tens of MB, not hundreds. */
const PART_BUDGET = 4 * 1024 * 1024;

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
  // Two passes, so no more than one part is ever in memory: sizes first (to know the part count the
  // headers carry), then each part read, sealed and sent on its own.
  const starts = await partStarts(host);
  // The number is taken before any part goes up: a snapshot cut short leaves its parts under a number never
  // used again (a reader skips an incomplete one; the next complete snapshot deletes them).
  const snapSeq = config.snap_seq + 1;
  await host.write(async (tx) => {
    await tx.run('UPDATE sync_config SET snap_seq = ?', [snapSeq]);
  });
  for (const [part, from] of starts.entries()) {
    const state: Change[] = [];
    for await (const page of allChanges(host.read, 2000, from, starts[part + 1]))
      for (const change of page) state.push(await toWire(host.read, host, change));
    const sealed = sealSnapshot({
      vaultId: host.vaultId,
      deviceId: session.deviceId,
      nameKey: session.nameKey,
      snapSeq,
      part,
      parts: starts.length,
      epoch: session.keyring.current,
      contentKey: session.contentKey,
      signingKey: session.signingKey,
      covers,
      state,
    });
    if ((await session.remote.create(sealed.name, sealed.bytes)) === 'exists')
      throw new Error(`snapshot part ${sealed.name} already exists: its number was used twice`);
  }
  await host.write(async (tx) => {
    await tx.run('UPDATE sync_config SET snap_own_seq = ?', [own]);
    // What a device starting from this snapshot will need: cleanup.ts keeps every segment after it.
    await tx.run(
      `INSERT INTO meta (key, value) VALUES ('sync_snap_covers', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify(covers)],
    );
  });
  // Earlier snapshots, complete or cut short: no device needs them once this one is complete.
  for (const entry of await session.remote.list(snapshotPrefix(session.nameKey, session.deviceId))) {
    if (!entry.key.startsWith(snapshotName(session.nameKey, session.deviceId, snapSeq, 0).slice(0, -4)))
      await session.remote.delete(entry.key);
  }
  return true;
}

/** Loads the most complete snapshot in the bucket into a vault that has seen nothing yet; false when there is none. */

type Key = [string, string, string];

/** Where each part begins, by the (entity, rid, field) key, cutting at about PART_BUDGET bytes of JSON. */
async function partStarts(host: SyncHost): Promise<Key[]> {
  const starts: Key[] = [['', '', '']];
  let bytes = 0;
  let after: Key = ['', '', ''];
  for (;;) {
    const rows = await host.read.all<{ entity: string; rid: string; field: string; n: number }>(
      `SELECT entity, rid, field, length(value) + length(rid) + length(field) + 200 AS n FROM sync_state
       WHERE (entity, rid, field) > (?, ?, ?) ORDER BY entity, rid, field LIMIT 5000`,
      after,
    );
    if (rows.length === 0) return starts;
    for (const r of rows) {
      if (bytes + r.n > PART_BUDGET && bytes > 0) {
        starts.push([r.entity, r.rid, r.field]);
        bytes = 0;
      }
      bytes += r.n;
    }
    const last = rows[rows.length - 1]!;
    after = [last.entity, last.rid, last.field];
  }
}
