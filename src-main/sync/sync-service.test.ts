/**
 * The app's sync service over the strict local S3 peer: set-up, clone, rounds
 * on local changes and on ticks (timers driven by hand, nothing timed), a
 * refusal that stops automatic rounds, a failure retried at the next tick,
 * removal, and a lock that zeroes the keys while a transfer is under way.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvents } from '../../src-shared/bridge/events.js';
import { channelSchemas } from '../../src-shared/bridge/schemas.js';
import type { SyncView } from '../../src-shared/sync.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { SyncSession } from './engine/session.js';
import { segmentName } from './log/names.js';
import type { Remote } from './remote/remote.js';
import { S3Remote } from './remote/s3-remote.js';
import type { S3RemoteConfig } from './remote/s3-config.js';
import { cloneInto } from './sync-remote.js';
import { SyncService } from './sync-service.js';
import type { SyncTimers } from './sync-rounds.js';
import { startS3Peer, type S3Peer } from './test-peers/s3-peer.js';

class ManualTimers implements SyncTimers {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): unknown {
    this.pending.set(this.next, { fn, ms });
    return this.next++;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  has(ms: number): boolean {
    return [...this.pending.values()].some((t) => t.ms === ms);
  }
  /** Runs the timers of this delay, as if it had passed. */
  fire(ms: number): void {
    for (const [id, t] of [...this.pending]) {
      if (t.ms !== ms) continue;
      this.pending.delete(id);
      t.fn();
    }
  }
}

const fast = (c: S3RemoteConfig): Remote =>
  new S3Remote({ ...c, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });

interface Device {
  vault: Vault;
  events: EventEmitter<SessionEvents>;
  timers: ManualTimers;
  service: SyncService;
}

let peer: S3Peer | undefined;
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
  await peer?.close();
  peer = undefined;
});

function serve(vault: Vault, makeRemote = fast): Device {
  const events = new EventEmitter<SessionEvents>();
  const timers = new ManualTimers();
  const service = new SyncService(vault, events, { timers, makeRemote, kdfCost: TEST_KDF });
  cleanups.push(async () => {
    await vault.close();
    await service.close();
  });
  return { vault, events, timers, service };
}

/** The next status after a round (nothing timed: it resolves when the service says the round is over). */
const roundOver = (d: Device) =>
  new Promise<SyncView>((resolve) => {
    const on = (s: SyncView) => {
      if (s.state === 'syncing') return;
      d.events.off('sync:status', on);
      resolve(s);
    };
    d.events.on('sync:status', on);
  });

async function setting() {
  peer = await startS3Peer();
  const { dir, cleanup } = await tempDir('lockleaf-sync-service-');
  cleanups.push(cleanup);
  const bucket = {
    kind: 's3' as const,
    endpoint: peer.endpoint,
    bucket: peer.bucket,
    region: peer.region,
    accessKeyId: peer.accessKeyId,
    secretAccessKey: peer.secretAccessKey,
    pathStyle: true,
  };
  const laptop = serve(await createVault(join(dir, 'laptop'), TEST_PASSPHRASE, { kdfCost: TEST_KDF }));
  const { id } = await laptop.vault.add({ bytes: Buffer.from('lease, flat 3'), name: 'lease.pdf' });
  const first = roundOver(laptop);
  const kit = await laptop.service.setUp({ ...bucket, passphrase: TEST_PASSPHRASE, deviceName: 'laptop' });
  expect(await first).toMatchObject({ state: 'idle', lastError: null, pendingUploads: { changes: 0, files: 0 } });
  const secretKey = /Secret Key: (\S+)/.exec(kit.kitText)![1]!;
  const clone = async (makeRemote = fast) => {
    const vault = await cloneInto(
      join(dir, 'desktop'),
      { ...bucket, passphrase: TEST_PASSPHRASE, secretKey, deviceName: 'desktop' },
      { kdfCost: TEST_KDF, makeRemote },
    );
    const desktop = serve(vault, makeRemote);
    const synced = roundOver(desktop);
    await desktop.service.start();
    expect(await synced).toMatchObject({ state: 'idle', deviceName: 'desktop' });
    return desktop;
  };
  return { laptop, id, kit, secretKey, clone, dir, bucket };
}

describe('SyncService', () => {
  it('sets up, clones, and syncs a local change after the debounce and another device at its tick', async () => {
    const { laptop, id, kit, secretKey, clone, bucket } = await setting();
    expect(kit.kitHtml).toContain(secretKey);
    const desktop = await clone();
    expect((await desktop.vault.get(id)).title).toBe('lease');
    // What the window may see holds no secret.
    const seen = JSON.stringify([await laptop.service.status(), await desktop.service.status()]);
    for (const secret of [bucket.secretAccessKey, secretKey, TEST_PASSPHRASE]) expect(seen).not.toContain(secret);

    await laptop.vault.update(id, { title: 'Lease 2027' });
    laptop.events.emit('documents:changed', { ids: [id] });
    expect(laptop.timers.has(2000)).toBe(true);
    const sent = roundOver(laptop);
    laptop.timers.fire(2000);
    await sent;

    const announced: string[][] = [];
    desktop.events.on('documents:changed', ({ ids }) => announced.push(ids));
    const pulled = roundOver(desktop);
    desktop.timers.fire(60_000);
    await pulled;
    expect((await desktop.vault.get(id)).title).toBe('Lease 2027');
    // The window is told; the service does not take its own announcement for a local edit.
    expect(announced).toEqual([[]]);
    expect(desktop.timers.has(2000)).toBe(false);
  });

  it('a failed round is recorded and tried again at the next tick', async () => {
    const { laptop } = await setting();
    peer!.inject({ op: 'ListObjectsV2', times: Infinity, fault: { kind: 'status', status: 503, code: 'SlowDown' } });
    const failed = roundOver(laptop);
    laptop.timers.fire(60_000);
    expect(await failed).toMatchObject({ state: 'error', lastError: { code: 'REMOTE_UNAVAILABLE' } });
    peer!.clearFaults();
    const retried = roundOver(laptop);
    laptop.timers.fire(60_000);
    expect(await retried).toMatchObject({ state: 'idle', lastError: null });
  });

  it('a rolled-back bucket stops automatic rounds until the user asks again', async () => {
    const { laptop, id, clone } = await setting();
    const desktop = await clone();
    await laptop.vault.update(id, { title: 'Lease 2' });
    await laptop.service.now();
    const pulled = roundOver(desktop);
    desktop.timers.fire(60_000);
    await pulled;
    // The laptop's newest segment, which the desktop has seen, disappears.
    const session = (await SyncSession.open(laptop.vault.syncHost, fast))!;
    await session.remote.delete(segmentName(session.nameKey, session.deviceId, 2));
    session.close();

    const refused = roundOver(desktop);
    desktop.timers.fire(60_000);
    expect(await refused).toMatchObject({ state: 'paused', lastError: { code: 'SYNC_ROLLBACK' } });
    const lists = peer!.count('ListObjectsV2');
    desktop.timers.fire(60_000);
    desktop.events.emit('documents:changed', { ids: [] });
    desktop.timers.fire(2000);
    expect(desktop.timers.pending.size).toBe(0);
    expect(peer!.count('ListObjectsV2')).toBe(lists);
    // Asked for, it runs (and refuses again).
    expect(await desktop.service.now()).toMatchObject({ state: 'paused', lastError: { code: 'SYNC_ROLLBACK' } });
    expect(peer!.count('ListObjectsV2')).toBeGreaterThan(lists);
  });

  it('remove: this device leaves; its settings and secrets go, the bucket stays', async () => {
    const { laptop } = await setting();
    const objects = peer!.count('PutObject');
    expect(await laptop.service.remove()).toMatchObject({ configured: false, state: 'off' });
    expect(laptop.timers.pending.size).toBe(0);
    expect(await laptop.vault.syncHost.read.get('SELECT count(*) AS n FROM sync_secrets')).toEqual({ n: 0 });
    // Only this device's own record and acknowledgement leave the bucket, so the others stop keeping old changes for it.
    expect(peer!.count('DeleteObject')).toBe(2);
    expect(peer!.count('PutObject')).toBe(objects);
    await expect(laptop.service.now()).rejects.toMatchObject({ code: 'SYNC_NOT_SET_UP' });
  });

  it('lock: the keys are zeroed at once while a transfer is held, nothing more is sent, and nothing is lost', async () => {
    const { laptop, dir } = await setting();
    let holding = false;
    let reached!: () => void;
    const atUpload = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holdUploads = (c: S3RemoteConfig): Remote => {
      const inner = fast(c);
      const remote = Object.create(inner) as Remote;
      remote.upload = async (...args) => {
        if (holding) {
          reached();
          await held;
        }
        return inner.upload(...args);
      };
      return remote;
    };
    await laptop.vault.close();
    await laptop.service.close();
    const vault = await openVault(join(dir, 'laptop'), { passphrase: TEST_PASSPHRASE });
    const device = serve(vault, holdUploads);
    await device.service.start();
    await device.service.now();
    await vault.add({ bytes: Buffer.from('passport scan'), name: 'passport.jpg' });
    holding = true;
    const round = device.service.now().catch((error: unknown) => error);
    await atUpload;

    const session = (await SyncSession.open(vault.syncHost))!;
    const live = (device.service as unknown as { session: SyncSession }).session;
    const puts = () => peer!.count('PutObject') + peer!.count('CreateMultipartUpload');
    const before = puts();
    await vault.close();
    const closing = device.service.close();
    for (const key of [live.nameKey, live.contentKey, live.secretKey, live.kek])
      expect(key.every((b) => b === 0)).toBe(true);
    release();
    await closing;
    await round;
    expect(puts()).toBe(before);

    // The file waits for the next unlock; it goes then.
    const again = serve(await openVault(join(dir, 'laptop'), { passphrase: TEST_PASSPHRASE }));
    expect(await again.service.status()).toMatchObject({ pendingUploads: { files: 1 } });
    await again.service.start();
    expect(await again.service.now()).toMatchObject({ state: 'idle', pendingUploads: { files: 0, changes: 0 } });
    expect(session.nameKey.some((b) => b !== 0)).toBe(true);
    session.close();
  });

  it('a passphrase changed on one device: it syncs on, the other asks for the new one and takes it', async () => {
    const { laptop, id, clone, dir } = await setting();
    const desktop = await clone();
    const next = 'a brand new passphrase';
    await laptop.service.changePassphrase(TEST_PASSPHRASE, next);
    await laptop.vault.update(id, { title: 'Lease 3' });
    expect(await laptop.service.now()).toMatchObject({ state: 'idle', lastError: null });

    const stopped = roundOver(desktop);
    desktop.timers.fire(60_000);
    expect(await stopped).toMatchObject({ state: 'error', lastError: { code: 'SYNC_PASSPHRASE_CHANGED' } });
    await expect(desktop.service.adoptPassphrase('not the new one')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE_OR_SECRET_KEY',
    });
    const adopted = roundOver(desktop);
    await desktop.service.adoptPassphrase(next);
    expect(await adopted).toMatchObject({ state: 'idle', lastError: null });
    expect((await desktop.vault.get(id)).title).toBe('Lease 3');
    await desktop.vault.close();
    await desktop.service.close();
    await (await openVault(join(dir, 'desktop'), { passphrase: next })).close();
  });

  it('the bridge refuses a bucket form that names no endpoint or a wrong one', () => {
    const form = { bucket: 'docs', accessKeyId: 'AK', secretAccessKey: 's', passphrase: 'p' };
    const parse = (extra: object) => channelSchemas['sync:setUp'].safeParse({ ...form, ...extra }).success;
    expect(parse({ kind: 's3', endpoint: 'https://s3.example.org' })).toBe(true);
    expect(parse({ kind: 'r2', accountId: 'a'.repeat(32) })).toBe(true);
    expect(parse({ kind: 'r2' })).toBe(false);
    expect(parse({ kind: 's3' })).toBe(false);
    expect(parse({ kind: 's3', endpoint: 'ftp://s3.example.org' })).toBe(false);
    expect(parse({ kind: 'r2', accountId: 'not-hex' })).toBe(false);
    expect(parse({ kind: 's3', endpoint: 'https://s3.example.org', extra: 1 })).toBe(false);
  });
});
