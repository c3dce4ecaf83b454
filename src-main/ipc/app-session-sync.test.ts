/**
 * Sync through the app's bridge (dispatch → handlers → AppSession), over the
 * local S3 peer: set-up answers the kit once and nothing later holds a
 * secret; lock zeroes the sync keys; "Open a synced vault" refuses a wrong
 * Secret Key leaving no folder, refuses when a vault exists, and otherwise
 * opens the vault whose first round brings the documents; a passphrase
 * change from Settings keeps it syncing. The kit is shown again only for the
 * vault's passphrase (wrong ones throttled like unlock); removing sync is
 * refused with SYNC_PENDING while edits have not gone up, unless forced.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/errors.js';
import { TEST_KDF } from '../crypto/kdf.js';
import type { SyncSession } from '../sync/engine/session.js';
import { S3Remote } from '../sync/remote/s3-remote.js';
import { startS3Peer } from '../sync/test-peers/s3-peer.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
});

async function app(root: string, name: string) {
  const session = new AppSession({
    dataDir: join(root, name),
    kdfCost: TEST_KDF,
    sync: { makeRemote: (c) => new S3Remote({ ...c, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }) },
  });
  cleanups.push(async () => {
    await session.lock();
    await session.settled();
  });
  const handlers = createHandlers(session);
  const call = (channel: string, payload?: unknown) => dispatch(handlers, channel, payload) as Promise<Result<never>>;
  return { session, call };
}

describe('sync through the bridge', () => {
  it('sets up, locks with its keys zeroed, and opens the synced vault on a second app', async () => {
    const peer = await startS3Peer();
    const t = await tempDir();
    cleanups.push(() => peer.close(), t.cleanup);
    const bucket = {
      kind: 's3',
      endpoint: peer.endpoint,
      bucket: peer.bucket,
      accessKeyId: peer.accessKeyId,
      secretAccessKey: peer.secretAccessKey,
      pathStyle: true,
    };
    const laptop = await app(t.dir, 'laptop');
    await laptop.session.create(TEST_PASSPHRASE);
    const { id } = await laptop.session.vault.add({ bytes: Buffer.from('lease, flat 3'), name: 'lease.pdf' });
    expect(await laptop.call('sync:setUp', { ...bucket, kind: 'r2', passphrase: TEST_PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const setUp = await laptop.call('sync:setUp', { ...bucket, passphrase: TEST_PASSPHRASE, deviceName: 'laptop' });
    if (!setUp.ok) throw new Error(JSON.stringify(setUp));
    const { kitText } = setUp.value as { kitText: string };
    const secretKey = /Secret Key: (\S+)/.exec(kitText)![1]!;
    const status = await laptop.call('sync:now');
    expect(status).toMatchObject({ ok: true, value: { state: 'idle', pendingUploads: { files: 0 } } });
    for (const secret of [secretKey, peer.secretAccessKey, TEST_PASSPHRASE])
      expect(JSON.stringify(status)).not.toContain(secret);

    const keys = (laptop.session.sync as unknown as { session: SyncSession }).session;
    await laptop.call('vault:lock');
    for (const key of [keys.nameKey, keys.contentKey, keys.secretKey, keys.kek])
      expect(key.every((b) => b === 0)).toBe(true);
    expect(await laptop.call('sync:status')).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });

    const desktop = await app(t.dir, 'desktop');
    const clone = (key: string) =>
      desktop.call('vault:clone', { ...bucket, passphrase: TEST_PASSPHRASE, secretKey: key });
    const wrong = secretKey.replace(/-(\w)/, (_, c: string) => `-${c === 'A' ? 'B' : 'A'}`);
    expect(await clone(wrong)).toMatchObject({ ok: false });
    expect(existsSync(join(t.dir, 'desktop', 'vault'))).toBe(false);
    expect(await clone(secretKey)).toEqual({ ok: true, value: { exists: true, unlocked: true } });
    await desktop.session.sync.now();
    expect((await desktop.session.vault.readContent(id)).toString()).toBe('lease, flat 3');
    expect(await clone(secretKey)).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });

    // A passphrase change from Settings: the bucket's keys are rewrapped and this device syncs on.
    const next = { current: TEST_PASSPHRASE, next: 'another long passphrase' };
    expect(await desktop.call('vault:changePassphrase', next)).toEqual({ ok: true, value: { changed: true } });
    expect(await desktop.call('sync:now')).toMatchObject({ ok: true, value: { state: 'idle', lastError: null } });
  });

  it('shows the kit again for the passphrase only, and removes sync with unsent edits only when forced', async () => {
    const peer = await startS3Peer();
    const t = await tempDir();
    cleanups.push(() => peer.close(), t.cleanup);
    const laptop = await app(t.dir, 'laptop');
    await laptop.session.create(TEST_PASSPHRASE);
    const setUp = await laptop.call('sync:setUp', {
      kind: 's3',
      endpoint: peer.endpoint,
      bucket: peer.bucket,
      accessKeyId: peer.accessKeyId,
      secretAccessKey: peer.secretAccessKey,
      pathStyle: true,
      passphrase: TEST_PASSPHRASE,
    });
    if (!setUp.ok) throw new Error(JSON.stringify(setUp));
    const secretKey = /Secret Key: (\S+)/.exec((setUp.value as { kitText: string }).kitText)![1]!;
    const showKit = (passphrase: unknown) => laptop.call('sync:showKit', { passphrase });

    expect(await showKit('')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await showKit('not the passphrase')).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    const again = await showKit(TEST_PASSPHRASE);
    if (!again.ok) throw new Error(JSON.stringify(again));
    const kit = again.value as { kitText: string; kitHtml: string };
    expect(kit.kitText).toContain(`Secret Key: ${secretKey}`);
    expect(kit.kitHtml).toContain(secretKey);
    for (const secret of [peer.secretAccessKey, TEST_PASSPHRASE]) expect(JSON.stringify(kit)).not.toContain(secret);

    // An edit made here that has not gone up: removal is refused, and sync goes on as before.
    expect(await laptop.call('sync:now')).toMatchObject({ ok: true, value: { state: 'idle' } });
    await laptop.session.vault.add({ bytes: Buffer.from('payslip, March'), name: 'payslip.pdf' });
    expect(await laptop.call('sync:remove')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await laptop.call('sync:remove', { force: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const refused = await laptop.call('sync:remove', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'SYNC_PENDING' } });
    expect(!refused.ok && refused.error.message).toMatch(/^\d+ change\(s\) or file\(s\) .* not reached the bucket/);
    expect(await laptop.call('sync:status')).toMatchObject({ ok: true, value: { configured: true } });
    await laptop.session.vault.add({ bytes: Buffer.from('payslip, April'), name: 'payslip-2.pdf' });
    expect(await laptop.call('sync:remove', { force: true })).toMatchObject({
      ok: true,
      value: { configured: false, state: 'off' },
    });
    expect(await showKit(TEST_PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'SYNC_NOT_SET_UP' } });

    // Wrong passphrases count toward the unlock delays: an unlocked window is no way to guess it.
    for (let i = 0; i < 3; i++)
      expect(await showKit('not the passphrase')).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await showKit(TEST_PASSPHRASE)).toMatchObject({ ok: false, error: { code: 'UNLOCK_THROTTLED' } });
  });
});
