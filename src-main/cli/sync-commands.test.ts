import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { SyncSession } from '../sync/engine/session.js';
import { formatSecretKey, newSecretKey } from '../sync/keys/secret-key.js';
import { segmentName } from '../sync/log/names.js';
import { S3Remote } from '../sync/remote/s3-remote.js';
import { startS3Peer, type S3Peer } from '../sync/test-peers/s3-peer.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { main } from './main.js';
import { spawnCli } from './test-cli.js';

let cleanup: (() => Promise<void>) | undefined;
let peer: S3Peer | undefined;
afterEach(async () => {
  await peer?.close();
  await cleanup?.();
  peer = undefined;
});

/** A vault with one document (cheap KDF: the CLI reads the cost from the key file), a peer, and the CLI in-process. */
async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  peer = await startS3Peer();
  const vaultDir = join(t.dir, 'laptop');
  const vault = await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  await vault.add({ bytes: Buffer.from('tenancy agreement, flat 3'), name: 'lease.txt' });
  await vault.close();
  const seen: string[] = [];
  const run = async (dir: string, opts: { input?: string; env?: NodeJS.ProcessEnv }, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', dir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: opts.env ?? { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE },
      stdin: async () => opts.input ?? '',
    });
    seen.push(...out, ...err);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const s3 = ['--endpoint', peer.endpoint, '--path-style', '--bucket', peer.bucket];
  const bucketArgs = [...s3, '--access-key-id', peer.accessKeyId, '--secret-stdin'];
  const secret = `${peer.secretAccessKey}\n`;
  return { root: t.dir, vaultDir, run, seen, bucketArgs, secret, peer };
}

async function retitle(dir: string, title: string) {
  const vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
  const [doc] = await vault.list();
  await vault.update(doc!.id, { title });
  await vault.close();
}

describe('lockleaf remote / sync / clone', () => {
  it('sets up with a kit file (0600, never over a file), shows status, and a CLI clone gets the document', async () => {
    const { root, vaultDir, run, seen, bucketArgs, secret, peer } = await setup();
    expect(await run(vaultDir, {}, 'remote', 'status')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Sync is not set up/),
    });

    const kit = join(root, 'kit.txt');
    const added = await run(vaultDir, { input: secret }, 'remote', 'add', 's3', ...bucketArgs, '--kit', kit);
    expect(added.code).toBe(0);
    expect(added.out).toContain(`Emergency kit written to ${kit}`);
    expect(added.out).toMatch(/Synced: .*1 segment out; files: 1 up/);
    expect((await stat(kit)).mode & 0o777).toBe(0o600);
    const kitText = await readFile(kit, 'utf8');
    const secretKey = /^Secret Key: (\S+)$/m.exec(kitText)![1]!;
    expect(added.out).not.toContain(secretKey);

    const status = await run(vaultDir, {}, 'remote', 'status');
    expect(status.out).toMatch(/Bucket: +lockleaf-test/);
    expect(status.out).toMatch(/Devices: +1/);
    expect(status.out).toMatch(/Last sync: +\d{4}-/);
    expect(status.out).toMatch(/Pending uploads: +0 changes, 0 files/);

    // The kit path is checked before anything else: the file is left as it was.
    const again = await run(vaultDir, { input: secret }, 'remote', 'add', 's3', ...bucketArgs, '--kit', kit);
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
    expect(await readFile(kit, 'utf8')).toBe(kitText);

    const cloneDir = join(root, 'desktop');
    const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_SECRET_KEY: secretKey };
    const cloned = await run(cloneDir, { input: secret, env }, 'clone', 's3', ...bucketArgs, '--device-name', 'desk');
    expect(cloned.code).toBe(0);
    expect(cloned.out).toMatch(/this device is "desk"[\s\S]*files: 0 up, 1 down[\s\S]*1 document arrived\./);
    expect((await run(cloneDir, {}, 'ls')).out).toContain('lease');
    expect((await run(cloneDir, {}, 'remote', 'status')).out).toMatch(/Devices: +2/);
    expect((await run(cloneDir, {}, 'sync', 'conflicts')).out).toMatch(/No conflicts/);

    // One title edited on both devices: a device that sees the other's edit arrive lists the value that lost.
    await retitle(vaultDir, 'from the laptop');
    await retitle(cloneDir, 'from the desktop');
    for (const dir of [vaultDir, cloneDir, vaultDir]) expect((await run(dir, {}, 'sync')).code).toBe(0);
    const notes = [vaultDir, cloneDir].map(async (dir) => (await run(dir, {}, 'sync', 'conflicts')).out);
    expect((await Promise.all(notes)).join('\n')).toMatch(
      /^\S+ {2}doc \S+ {2}title: kept "from the (laptop|desktop)", lost "from the (desktop|laptop)"$/m,
    );
    expect(seen.join('\n')).not.toContain(peer.secretAccessKey);
  });

  it('a wrong Secret Key leaves no folder; after remote rm, sync says it is not set up', async () => {
    const { root, vaultDir, run, seen, bucketArgs, secret, peer } = await setup();
    const added = await run(vaultDir, { input: secret }, 'remote', 'add', 's3', ...bucketArgs);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^Secret Key: \S+$/m);
    expect(added.out).toContain('only time the Secret Key is shown');

    const cloneDir = join(root, 'desktop');
    const wrongKey = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_SECRET_KEY: formatSecretKey(newSecretKey()) };
    const wrong = await run(cloneDir, { input: secret, env: wrongKey }, 'clone', 's3', ...bucketArgs);
    expect(wrong).toMatchObject({
      code: 1,
      err: expect.stringMatching(/The passphrase or the Secret Key is wrong\..*\[WRONG_PASSPHRASE_OR_SECRET_KEY\]/),
    });
    await expect(readdir(cloneDir)).rejects.toMatchObject({ code: 'ENOENT' });

    const noSecret = await run(cloneDir, { input: '', env: wrongKey }, 'clone', 's3', ...bucketArgs);
    expect(noSecret).toMatchObject({ code: 1, err: expect.stringContaining('No secret access key arrived') });
    await expect(readdir(cloneDir)).rejects.toMatchObject({ code: 'ENOENT' });

    expect((await run(vaultDir, {}, 'remote', 'rm')).out).toMatch(/bucket and the other devices are untouched/);
    expect(await run(vaultDir, {}, 'sync')).toMatchObject({
      code: 1,
      err: expect.stringContaining('Sync is not set up on this vault: lockleaf remote add'),
    });
    expect((await run(vaultDir, {}, 'sync')).err).toContain('[SYNC_NOT_SET_UP]');
    expect(seen.join('\n')).not.toContain(peer.secretAccessKey);
  });

  it('explains bad options before asking for anything', async () => {
    const { root, vaultDir, run, bucketArgs, peer } = await setup();
    const noStdin = bucketArgs.filter((a) => a !== '--secret-stdin');
    expect((await run(vaultDir, {}, 'remote', 'add', 's3', ...noStdin)).err).toMatch(
      /--secret-stdin.*\[INVALID_INPUT\]/,
    );
    const r2 = ['remote', 'add', 'r2', '--account-id', 'nope', '--bucket', 'b3b', '--access-key-id', 'k'];
    expect((await run(vaultDir, {}, ...r2, '--secret-stdin')).err).toMatch(/32 hexadecimal characters/);
    const http = ['--endpoint', 'http://example.org', '--bucket', 'bucket', '--access-key-id', 'k', '--secret-stdin'];
    expect((await run(vaultDir, {}, 'remote', 'add', 's3', ...http)).err).toMatch(/must be an https:\/\/ address/);
    const empty = join(root, 'from-empty');
    const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_SECRET_KEY: formatSecretKey(newSecretKey()) };
    const notLockleaf = await run(empty, { input: `${peer.secretAccessKey}\n`, env }, 'clone', 's3', ...bucketArgs);
    expect(notLockleaf).toMatchObject({ code: 1, err: expect.stringContaining('[SYNC_NOT_LOCKLEAF]') });
    await expect(readdir(empty)).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(join(root, 'notes.txt'), 'mine');
    expect((await run(root, {}, 'clone', 's3', ...bucketArgs)).err).toMatch(/not empty.*\[VAULT_EXISTS\]/);
    expect(await readFile(join(root, 'notes.txt'), 'utf8')).toBe('mine');
    expect((await run(vaultDir, {}, 'sync', '--watch', '--interval', '0')).err).toMatch(/--interval/);
  });

  it('the real CLI: the bucket secret from a pipe shows in no output line; --watch stops at SIGTERM', async () => {
    const { vaultDir, bucketArgs, secret, peer } = await setup();
    const added = spawnCli(['--vault', vaultDir, 'remote', 'add', 's3', ...bucketArgs], {}, secret);
    const result = await added.result;
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/Uploading files/);
    expect(result.output).not.toContain(peer.secretAccessKey);

    const watch = spawnCli(['--vault', vaultDir, 'sync', '--watch', '--interval', '3600']);
    let output = '';
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Synced:')) resolve();
      };
      watch.child.stdout.on('data', onData);
      watch.child.stderr.on('data', onData);
      void watch.result.then(() => resolve()); // exited early: the assertions below say how
    });
    watch.child.kill('SIGTERM');
    const stopped = await watch.result;
    expect(stopped).toMatchObject({ code: 0, output: expect.stringMatching(/Stopped\.$/m) });
    expect(stopped.output).not.toContain(peer.secretAccessKey);
  });

  it('--watch goes on after a failed round, and stops with exit 1 when the bucket rolls a segment back', async () => {
    const { root, vaultDir, run, bucketArgs, secret, peer } = await setup();
    const added = await run(vaultDir, { input: secret }, 'remote', 'add', 's3', ...bucketArgs);
    const secretKey = /^Secret Key: (\S+)$/m.exec(added.out)![1]!;
    const cloneDir = join(root, 'desktop');
    const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_SECRET_KEY: secretKey };
    expect((await run(cloneDir, { input: secret, env }, 'clone', 's3', ...bucketArgs)).code).toBe(0);
    const laptop = await openVault(vaultDir, { passphrase: TEST_PASSPHRASE });
    const session = (await SyncSession.open(laptop.syncHost))!;
    const seen = segmentName(session.nameKey, session.deviceId, 1); // the desktop has applied it
    session.close();
    await laptop.close();

    peer.inject({ fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const watch = spawnCli(['--vault', cloneDir, 'sync', '--watch', '--interval', '1']);
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      // A round that worked after one that failed: now the bucket loses the newest segment the desktop has seen.
      if (/Sync round failed[\s\S]*Synced:/.test(output)) {
        watch.child.stdout.off('data', onData);
        void new S3Remote(peer.remoteConfig()).delete(seen);
      }
    };
    watch.child.stdout.on('data', onData);
    watch.child.stderr.on('data', onData);
    const result = await watch.result;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Sync round failed: .*\[SYNC_ROLLBACK\]\nStopped: the bucket served/);
    expect(result.output).not.toContain(peer.secretAccessKey);
  });

  it('a passphrase changed on one device: sync on the other asks for the new one and takes it', async () => {
    const { root, vaultDir, run, bucketArgs, secret } = await setup();
    const kit = join(root, 'kit.txt');
    expect((await run(vaultDir, { input: secret }, 'remote', 'add', 's3', ...bucketArgs, '--kit', kit)).code).toBe(0);
    const secretKey = /^Secret Key: (\S+)$/m.exec(await readFile(kit, 'utf8'))![1]!;
    const other = join(root, 'desktop');
    const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_SECRET_KEY: secretKey };
    expect((await run(other, { input: secret, env }, 'clone', 's3', ...bucketArgs)).code).toBe(0);

    const NEXT = 'the new shared passphrase';
    const changed = await run(
      vaultDir,
      { env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_NEW_PASSPHRASE: NEXT } },
      'passwd',
    );
    expect(changed.code, changed.err).toBe(0);
    const synced = await run(
      other,
      { env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_NEW_PASSPHRASE: NEXT } },
      'sync',
    );
    expect(synced.code, synced.err).toBe(0);
    expect(synced.err).toMatch(/changed on another device/);
    expect(synced.out).toMatch(/now opens with the new passphrase/);
    expect((await run(other, { env: { LOCKLEAF_PASSPHRASE: NEXT } }, 'sync')).code).toBe(0);
    expect((await run(other, { env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE } }, 'sync')).code).toBe(1);
  });
});
