/**
 * bench/sync-clone: a vault of 10,000 documents (page text, tags, a type, a
 * correspondent and an 8 KB thumbnail each, as ingest leaves them) synced to
 * the local S3 peer, then cloned onto a new device.
 *
 *   npx tsx bench/sync-clone.ts [--docs 10000]
 *
 * Prints, with the targets:
 *   - clone: time until the library is searchable (< 30 s; files follow in the background), then the files;
 *   - one changed field reaching the other device (< 1 s of sync time: the sender's round plus the receiver's);
 *   - peak RSS of each sync process (< 300 MB): the first upload and the clone each run in a child process.
 * Baseline, same run: `rclone copy` of the whole bucket to a local folder (the same objects, no checks).
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';

import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TEST_KDF } from '../src-main/crypto/kdf.js';
import { SyncEngine } from '../src-main/sync/engine/engine.js';
import { SyncSession } from '../src-main/sync/engine/session.js';
import { cloneVault, setUpSync, type RemoteAccess } from '../src-main/sync/engine/setup.js';
import { startS3Peer } from '../src-main/sync/test-peers/s3-peer.js';
import { createVault, openVault } from '../src-main/vault/open-vault.js';

const PASS = 'bench passphrase 1234';
const { values, positionals } = parseArgs({
  options: { docs: { type: 'string', default: '10000' }, role: { type: 'string' } },
  allowPositionals: true,
});

interface Peer {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}
const accessOf = (peer: Peer): RemoteAccess => ({
  settings: {
    kind: 's3',
    endpoint: peer.endpoint,
    bucket: peer.bucket,
    region: 'auto',
    accessKeyId: peer.accessKeyId,
    pathStyle: true,
  },
  secretAccessKey: peer.secretAccessKey,
});

/** Resets the peak (Linux: clear_refs 5), so it measures the sync alone, not building the vault. */
async function resetPeak(): Promise<void> {
  await writeFile('/proc/self/clear_refs', '5').catch(() => undefined);
}

async function peakRssMb(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const WORDS = 'account balance invoice statement payment reference tax insurance policy amount due date customer'.split(
  ' ',
);
function pageText(i: number): string {
  const words: string[] = [];
  for (let w = 0; w < 300; w++) words.push(WORDS[(i * 7 + w * 13) % WORDS.length]!);
  return `Document ${i} reference QX${i}. ${words.join(' ')}`;
}

/** Child: builds the vault and sets sync up (not measured: that is ingest). */
async function build(dir: string, peer: Peer, docs: number): Promise<void> {
  const vault = await createVault(dir, PASS, { kdfCost: TEST_KDF });
  for (let i = 0; i < docs; i++)
    await vault.add({
      bytes: Buffer.from(pageText(i)),
      name: `scan-${i}.txt`,
      pages: [{ pageNo: 1, text: pageText(i), confidence: 91 }],
      tags: [`year${2000 + (i % 25)}`, i % 3 ? 'bank' : 'home'],
      type: i % 2 ? 'Statement' : 'Invoice',
      correspondent: `Company ${i % 40}`,
    });
  await vault.syncHost.write((tx) =>
    tx.run(
      `INSERT INTO thumbnails (document_seq, mime, data) SELECT seq, 'image/webp', randomblob(8192) FROM documents`,
    ),
  );
  const kit = await setUpSync(vault, { ...accessOf(peer), passphrase: PASS, deviceName: 'a', kdfCost: TEST_KDF });
  await vault.close();
  process.send?.({ secretKey: kit.secretKey });
}

/** Child: the first round, in a process of its own (as after an app restart), so its peak is the sync's. */
async function upload(dir: string): Promise<void> {
  await resetPeak();
  const vault = await openVault(dir, { passphrase: PASS });
  const session = await SyncSession.open(vault.syncHost);
  const start = performance.now();
  const report = await new SyncEngine(session!, vault.syncHost).sync({
    onProgress: (p) =>
      process.env.MEM_PROBE &&
      console.log(
        `upload ${p.phase} ${p.done}/${p.total}: RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)}`,
      ),
  });
  const ms = performance.now() - start;
  session!.close();
  await vault.close();
  process.send?.({ ms, files: report.uploadedFiles, rss: await peakRssMb() });
}

/** Child: clones, times the library becoming searchable, then the files. */
async function clone(dir: string, peer: Peer, secretKey: string, docs: number): Promise<void> {
  await resetPeak();
  const start = performance.now();
  const vault = await cloneVault({
    ...accessOf(peer),
    dir,
    passphrase: PASS,
    secretKey,
    deviceName: 'b',
    kdfCost: TEST_KDF,
  });
  const session = await SyncSession.open(vault.syncHost);
  const engine = new SyncEngine(session!, vault.syncHost);
  const mem = (label: string) =>
    process.env.MEM_PROBE &&
    console.log(
      label,
      (process.memoryUsage().rss / 1e6).toFixed(0),
      'rss',
      (process.memoryUsage().heapUsed / 1e6).toFixed(0),
      'heap',
      (process.memoryUsage().external / 1e6).toFixed(0),
      'ext',
    );
  mem('after clone');
  await engine.sync({ skipDownloads: true, onProgress: (p) => mem(`progress ${p.phase} ${p.done}/${p.total}`) });
  mem('after first round');
  const hits = await vault.search(`QX${docs - 1}`);
  const searchableMs = performance.now() - start;
  const rssSearchable = await peakRssMb();
  const filesStart = performance.now();
  const report = await engine.sync();
  const filesMs = performance.now() - filesStart;
  const listed = (await vault.list({ limit: 1_000_000 })).length;
  session!.close();
  await vault.close();
  process.send?.({
    searchableMs,
    filesMs,
    files: report.downloadedFiles,
    hits: hits.length,
    docs: listed,
    rssSearchable,
    rss: await peakRssMb(),
  });
}

function child<T>(role: string, args: string[]): Promise<T> {
  const c = fork(new URL(import.meta.url).pathname, ['--role', role, ...args], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    c.once('message', (m) => resolve(m as T));
    c.once('exit', (code) => (code ? reject(new Error(`${role} exited with ${code}`)) : undefined));
  });
}

async function peerProcess(): Promise<void> {
  const peer = await startS3Peer({ keepVersions: false });
  process.send?.({
    endpoint: peer.endpoint,
    bucket: peer.bucket,
    accessKeyId: peer.accessKeyId,
    secretAccessKey: peer.secretAccessKey,
  });
  process.once('disconnect', () => void peer.close().then(() => process.exit(0)));
}

async function rcloneAll(peer: Peer, work: string): Promise<number | undefined> {
  if (spawnSync('rclone', ['version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const config = join(work, 'rclone.conf');
  await writeFile(
    config,
    `[peer]\ntype = s3\nprovider = Other\naccess_key_id = ${peer.accessKeyId}\nsecret_access_key = ${peer.secretAccessKey}\nendpoint = ${peer.endpoint}\nregion = auto\nforce_path_style = true\n`,
    { mode: 0o600 },
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|RCLONE_)/.test(k)));
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = spawn(
      'rclone',
      ['copy', '--config', config, '--transfers', '4', `peer:${peer.bucket}`, join(work, 'rclone-copy')],
      { stdio: 'ignore', env },
    );
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rclone exited with ${code}`))));
  });
  return performance.now() - start;
}

async function main(): Promise<void> {
  const docs = Number(values.docs);
  const work = await mkdtemp(join(tmpdir(), 'lockleaf-bench-clone-'));
  const peerChild: ChildProcess = fork(new URL(import.meta.url).pathname, ['--role', 'peer'], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const peer = await new Promise<Peer>((resolve) => peerChild.once('message', (m) => resolve(m as Peer)));
  try {
    const { secretKey } = await child<{ secretKey: string }>('build', [
      join(work, 'a'),
      JSON.stringify(peer),
      String(docs),
    ]);
    const up = await child<{ ms: number; files: number; rss: number }>('upload', [join(work, 'a')]);
    console.log(
      `first upload of ${docs} documents: ${(up.ms / 1000).toFixed(1)} s, ${up.files} files; peak RSS ${up.rss.toFixed(0)} MB (target < 300)`,
    );
    const cl = await child<{
      searchableMs: number;
      filesMs: number;
      files: number;
      hits: number;
      docs: number;
      rssSearchable: number;
      rss: number;
    }>('clone', [join(work, 'b'), JSON.stringify(peer), secretKey, String(docs)]);
    if (cl.docs !== docs || cl.hits !== 1)
      throw new Error(`clone has ${cl.docs} documents, ${cl.hits} hits for one reference`);
    console.log(
      `clone: searchable after ${(cl.searchableMs / 1000).toFixed(1)} s (target < 30), peak RSS then ${cl.rssSearchable.toFixed(0)} MB`,
    );
    console.log(
      `clone: ${cl.files} files after ${(cl.filesMs / 1000).toFixed(1)} s more; peak RSS ${cl.rss.toFixed(0)} MB (target < 300)`,
    );
    const rcloneMs = await rcloneAll(peer, work);
    if (rcloneMs !== undefined)
      console.log(`baseline: rclone copy of the whole bucket ${(rcloneMs / 1000).toFixed(1)} s`);
    const a = await openVault(join(work, 'a'), { passphrase: PASS });
    const b = await openVault(join(work, 'b'), { passphrase: PASS });
    const [sa, sb] = await Promise.all([SyncSession.open(a.syncHost), SyncSession.open(b.syncHost)]);
    const [ea, eb] = [new SyncEngine(sa!, a.syncHost), new SyncEngine(sb!, b.syncHost)];
    await ea.sync();
    await eb.sync();
    const times: number[] = [];
    const id = (await a.list({ limit: 1 }))[0]!.id;
    for (let n = 0; n < 5; n++) {
      await a.update(id, { title: `renamed ${n}` });
      const start = performance.now();
      await ea.sync();
      await eb.sync();
      times.push(performance.now() - start);
      if ((await b.get(id)).title !== `renamed ${n}`) throw new Error('the change did not arrive');
    }
    times.sort((x, y) => x - y);
    console.log(
      `one changed field to the other device: median ${times[2]!.toFixed(0)} ms of sync time over 5 (target < 1000)`,
    );
    sa!.close();
    sb!.close();
    await a.close();
    await b.close();
  } finally {
    peerChild.disconnect();
    await rm(work, { recursive: true, force: true });
  }
}

if (values.role === 'peer') await peerProcess();
else if (values.role === 'build')
  await build(positionals[0]!, JSON.parse(positionals[1]!) as Peer, Number(positionals[2]));
else if (values.role === 'upload') await upload(positionals[0]!);
else if (values.role === 'clone')
  await clone(positionals[0]!, JSON.parse(positionals[1]!) as Peer, positionals[2]!, Number(positionals[3]));
else await main();
