/**
 * bench/sync-upload: about 300 MB of document-sized random files, added to a
 * vault and sent by one sync round (the engine: blobs, change log, snapshot)
 * to the local S3 test peer (s3rver behind its strict front), then `rclone
 * copy` of the vault's blob folder (the same ciphertext) to the same peer.
 *
 *   npx tsx bench/sync-upload.ts [--mb 300] [--transfers 4] [--part-mib 16]
 *
 * Prints `upload: lockleaf N MB/s, rclone N MB/s (N×)`; target ≥ 0.9× rclone.
 * Both send 4 files at a time (rclone's default --transfers) and every file
 * here in one PUT (rclone's multipart cutoff is 200 MiB; Lockleaf's 32 MiB,
 * with at most 64 MiB in flight). Before, Lockleaf sent files above its 16 MiB
 * part size in parts, which s3rver assembles by copying them on disk (a cost R2
 * does not have): 0.82–0.96× then. The peer runs in its own process so that, as with rclone, the
 * server's work does not share the uploader's thread. Without Debian's rclone
 * only Lockleaf's figure is printed.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TEST_KDF } from '../src-main/crypto/kdf.js';
import { SyncEngine } from '../src-main/sync/engine/engine.js';
import { SyncSession } from '../src-main/sync/engine/session.js';
import { setUpSync } from '../src-main/sync/engine/setup.js';
import { createVault } from '../src-main/vault/open-vault.js';
import { S3Remote } from '../src-main/sync/remote/s3-remote.js';
import type { S3RemoteConfig } from '../src-main/sync/remote/s3-config.js';
import { startS3Peer } from '../src-main/sync/test-peers/s3-peer.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '300' },
    transfers: { type: 'string', default: '4' },
    'part-mib': { type: 'string', default: '16' },
    'peer-process': { type: 'boolean', default: false },
  },
});
const TOTAL = Number(values.mb) * 1e6;
const TRANSFERS = Number(values.transfers);
// Scans and photos: mostly a few MB, some large enough for multipart.
const SIZES_MB = [0.3, 1.2, 2.5, 4, 0.8, 6, 12, 3, 20, 1.5];

async function makeFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  let total = 0;
  for (let i = 0; total < TOTAL; i++) {
    const size = Math.min(Math.round(SIZES_MB[i % SIZES_MB.length]! * 1e6), TOTAL - total);
    const name = `doc-${String(i).padStart(4, '0')}.bin`;
    await writeFile(join(dir, name), randomBytes(size));
    names.push(name);
    total += size;
  }
  return names;
}

/** What the bench needs of the peer running in the child process. */
type Peer = Pick<S3RemoteConfig, 'endpoint' | 'bucket' | 'accessKeyId' | 'secretAccessKey'>;
const remoteConfig = (peer: Peer): S3RemoteConfig => ({ ...peer, region: 'auto', forcePathStyle: true });

/**
 * Lockleaf's side, end to end: the files are added to a new vault (not timed:
 * that is ingest), sync is set up, and one sync round is timed — every blob
 * up as stored, the change log and the first snapshot. Returns the round's
 * time and the blob folder, which rclone then copies (the same ciphertext).
 */
async function lockleafUpload(
  peer: Peer,
  dir: string,
  names: string[],
  work: string,
): Promise<{ ms: number; blobs: string }> {
  const vault = await createVault(join(work, 'vault'), 'bench passphrase 1234', { kdfCost: TEST_KDF });
  for (const name of names) await vault.add({ path: join(dir, name) });
  const access = {
    settings: {
      kind: 's3' as const,
      endpoint: peer.endpoint,
      bucket: peer.bucket,
      region: 'auto',
      accessKeyId: peer.accessKeyId,
      pathStyle: true,
    },
    secretAccessKey: peer.secretAccessKey,
  };
  await setUpSync(vault, { ...access, passphrase: 'bench passphrase 1234', deviceName: 'bench', kdfCost: TEST_KDF });
  const partSize = Number(values['part-mib']) * 1024 * 1024;
  const session = await SyncSession.open(vault.syncHost, undefined, { partSize });
  const engine = new SyncEngine(session!, vault.syncHost);
  const start = performance.now();
  const report = await engine.sync();
  const ms = performance.now() - start;
  if (report.uploadedFiles !== names.length)
    throw new Error(`uploaded ${report.uploadedFiles} of ${names.length} files`);
  session!.close();
  await vault.close();
  return { ms, blobs: join(work, 'vault', 'blobs') };
}

async function rcloneUpload(peer: Peer, dir: string, work: string): Promise<number> {
  const config = join(work, 'rclone.conf');
  await writeFile(
    config,
    [
      '[peer]',
      'type = s3',
      'provider = Other',
      `access_key_id = ${peer.accessKeyId}`,
      `secret_access_key = ${peer.secretAccessKey}`,
      `endpoint = ${peer.endpoint}`,
      'region = auto',
      'force_path_style = true',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const args = [
    'copy',
    '--config',
    config,
    '--transfers',
    String(TRANSFERS),
    '--s3-no-check-bucket',
    dir,
    `peer:${peer.bucket}/rclone`,
  ];
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    // The peer is local plain HTTP: the caller's AWS_* / RCLONE_* settings (a CA bundle, a profile) must not steer the baseline.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|RCLONE_)/.test(k)));
    const child = spawn('rclone', args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`rclone exited with ${code}: ${stderr.slice(-2000)}`)),
    );
  });
  return performance.now() - start;
}

/** rclone copied every blob whole (a baseline that uploads nothing would be fast). */
async function checkUploaded(peer: Peer, prefix: string, dir: string): Promise<void> {
  const remote = new S3Remote(remoteConfig(peer));
  const listed = new Map((await remote.list(prefix)).map((e) => [e.key.slice(prefix.length), e.size]));
  remote.close();
  for (const shard of await readdir(dir)) {
    for (const file of await readdir(join(dir, shard))) {
      if (listed.get(`${shard}/${file}`) !== (await stat(join(dir, shard, file))).size)
        throw new Error(`${prefix}${shard}/${file} is missing or has the wrong size`);
    }
  }
}

/** Starts the peer in a child process (this file with --peer-process) and returns how to reach it. */
async function startPeerProcess(): Promise<{ peer: Peer; child: ChildProcess }> {
  const child = fork(new URL(import.meta.url).pathname, ['--peer-process'], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const peer = await new Promise<Peer>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Peer));
    child.once('exit', (code) => reject(new Error(`the peer process exited with ${code}`)));
  });
  return { peer, child };
}

async function peerProcess(): Promise<void> {
  const peer = await startS3Peer({ keepVersions: false });
  process.send?.({
    endpoint: peer.endpoint,
    bucket: peer.bucket,
    accessKeyId: peer.accessKeyId,
    secretAccessKey: peer.secretAccessKey,
  } satisfies Peer);
  process.once('disconnect', () => void peer.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'lockleaf-bench-sync-'));
  const dir = join(work, 'files');
  await mkdir(dir);
  const { peer, child } = await startPeerProcess();
  try {
    const names = await makeFiles(dir);
    const mb = TOTAL / 1e6;
    console.log(`${names.length} files, ${mb.toFixed(0)} MB, ${TRANSFERS} at a time, peer ${peer.endpoint}`);
    const { ms: lockleafMs, blobs } = await lockleafUpload(peer, dir, names, work);
    const lockleaf = mb / (lockleafMs / 1000);
    if (spawnSync('rclone', ['version'], { stdio: 'ignore' }).status !== 0) {
      console.log(
        `upload: lockleaf ${lockleaf.toFixed(1)} MB/s (rclone not installed: apt-get install rclone for the baseline)`,
      );
      return;
    }
    // rclone copies the vault's blob folder: the very ciphertext files Lockleaf sent.
    const rcloneMs = await rcloneUpload(peer, blobs, work);
    await checkUploaded(peer, 'rclone/', blobs);
    const rclone = mb / (rcloneMs / 1000);
    console.log(
      `upload: lockleaf ${lockleaf.toFixed(1)} MB/s, rclone ${rclone.toFixed(1)} MB/s (${(lockleaf / rclone).toFixed(2)}×)`,
    );
  } finally {
    child.disconnect();
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(work, { recursive: true, force: true });
  }
}

if (values['peer-process']) await peerProcess();
else await main();
