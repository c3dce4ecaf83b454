/**
 * Push: this device's changes go out as the next segments of its chain.
 * Sealing and uploading are separate steps: a segment is sealed (with its
 * seq and the hash of the one before) in the same transaction that takes its
 * changes off the pending list, and kept until the bucket has it. A crash in
 * between re-sends the very same bytes, so the chain never forks; a create
 * that finds the object there already checks it is those bytes.
 */
import { LockleafError } from '../../errors.js';
import type { WriteDb } from '../../vault/db/connection.js';
import type { SyncHost } from '../../vault/sync-host.js';
import type { Change } from '../merge/change.js';
import { sealSegment } from '../log/segment.js';
import { sha256Hex } from '../log/sealed-object.js';
import { segmentName } from '../log/names.js';
import type { SyncSession } from './session.js';
import { toWire } from './wire.js';

/** JSON bytes per segment before compression: under the 4 MiB the reader accepts, with room to spare. */
const SEGMENT_BUDGET = 3 * 1024 * 1024;
const PENDING_PAGE = 500;

/** Seals every pending change into segments; returns how many were sealed. */
export async function sealPending(session: SyncSession, host: SyncHost): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await host.write((tx) => sealOne(tx, session, host));
    if (n === 0) return sealed;
    sealed++;
  }
}

async function sealOne(tx: WriteDb, session: SyncSession, host: SyncHost): Promise<number> {
  const changes: Change[] = [];
  let bytes = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await tx.all<{ seq: number; change: string }>(
      'SELECT seq, change FROM sync_pending WHERE seq > ? ORDER BY seq LIMIT ?',
      [lastSeq, PENDING_PAGE],
    );
    if (rows.length === 0) break;
    let full = false;
    for (const row of rows) {
      const wire = await toWire(tx, host, JSON.parse(row.change) as Change);
      const size = Buffer.byteLength(JSON.stringify(wire));
      if (changes.length > 0 && bytes + size > SEGMENT_BUDGET) {
        full = true;
        break;
      }
      changes.push(wire);
      bytes += size;
      lastSeq = row.seq;
    }
    if (full) break;
  }
  if (changes.length === 0) return 0;
  const config = (await tx.get<{ next_seq: number; own_hash: string }>('SELECT next_seq, own_hash FROM sync_config'))!;
  const segment = sealSegment({
    vaultId: host.vaultId,
    deviceId: session.deviceId,
    nameKey: session.nameKey,
    seq: config.next_seq,
    prevHash: config.own_hash,
    epoch: session.keyring.current,
    contentKey: session.contentKey,
    signingKey: session.signingKey,
    changes,
  });
  await tx.run('INSERT INTO sync_outgoing (seq, bytes, hash) VALUES (?, ?, ?)', [
    config.next_seq,
    segment.bytes,
    segment.hash,
  ]);
  await tx.run('DELETE FROM sync_pending WHERE seq <= ?', [lastSeq]);
  await tx.run('UPDATE sync_config SET next_seq = next_seq + 1, own_hash = ?', [segment.hash]);
  return changes.length;
}

/** Uploads sealed segments in order; returns how many reached the bucket. */
export async function uploadSegments(session: SyncSession, host: SyncHost): Promise<number> {
  let done = 0;
  for (;;) {
    const row = await host.read.get<{ seq: number; bytes: Buffer; hash: string }>(
      'SELECT seq, bytes, hash FROM sync_outgoing ORDER BY seq LIMIT 1',
    );
    if (!row) return done;
    const name = segmentName(session.nameKey, session.deviceId, row.seq);
    if ((await session.remote.create(name, row.bytes)) === 'exists') {
      // Sent before a crash or a lost reply: it must be these bytes, or someone else writes as this device.
      const there = await session.remote.get(name);
      if (!there || sha256Hex(there.bytes) !== row.hash)
        throw new LockleafError(
          'SYNC_FORK',
          `The bucket already holds a different segment ${row.seq} of this device. Another copy of this vault may be syncing as this device; nothing was overwritten.`,
          { seq: row.seq },
        );
    }
    await host.write((tx) => tx.run('DELETE FROM sync_outgoing WHERE seq = ?', [row.seq]));
    done++;
  }
}
