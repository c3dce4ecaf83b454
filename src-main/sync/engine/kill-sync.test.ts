/**
 * Sync killed -9 in the middle of a transfer: the next round resumes (a
 * multipart upload from its journal, a download from the start), the devices
 * converge, and the audit chain and the database's integrity check still pass.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openVault } from '../../vault/open-vault.js';
import { TEST_PASSPHRASE } from '../../vault/test-support.js';
import type { S3Operation } from '../test-peers/s3-faults.js';
import { libraryOf, startTestCloud, type Device, type TestCloud } from './test-devices.js';

const CHILD = fileURLToPath(new URL('./test-sync-child.ts', import.meta.url));
let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

/** Runs a sync round of `device` in a child process and kills it -9 once `op` has been seen `count` times. */
async function syncKilledAt(c: TestCloud, device: Device, op: S3Operation, count: number): Promise<string> {
  const dir = device.vault.dir;
  device.engine.session.close();
  await device.vault.close();
  c.peer.resetCounts();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const closed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  while (c.peer.count(op) < count && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  expect(await closed, output).toBe('SIGKILL');
  device.vault = await openVault(dir, { passphrase: TEST_PASSPHRASE });
  await c.reopen(device);
  return output;
}

async function assertSound(device: Device): Promise<void> {
  expect(await device.vault.verifyAudit()).toMatchObject({ ok: true });
  expect(await device.vault.integrityCheck()).toEqual([]);
}

describe('sync killed -9', () => {
  it('during a multipart upload: the next round resumes it and the clone gets the file', async () => {
    cloud = await startTestCloud();
    const big = randomBytes(16 * 1024 * 1024);
    const a = await cloud.first('laptop', async (vault) => {
      await vault.add({ bytes: big, name: 'scans.bin' });
    });
    // Every part after the first is slow, so the kill lands mid-upload.
    cloud.peer.inject({ op: 'UploadPart', after: 1, times: Infinity, fault: { kind: 'slow', delayMs: 400 } });
    await syncKilledAt(cloud, a, 'UploadPart', 2);
    cloud.peer.clearFaults();
    cloud.peer.resetCounts();
    await a.engine.sync();
    // Resumed, not restarted: the 4 parts of 16 MiB at 5 MiB were not all sent again.
    expect(cloud.peer.count('UploadPart')).toBeLessThan(4);
    expect(cloud.peer.count('CreateMultipartUpload')).toBe(0);
    await assertSound(a);
    const b = await cloud.clone('desktop');
    await b.engine.sync();
    const [doc] = await b.vault.list();
    expect((await b.vault.readContent(doc!.id)).equals(big)).toBe(true);
    expect(await libraryOf(b.vault)).toEqual(await libraryOf(a.vault));
  });

  it('during a download: the next round fetches the file whole', async () => {
    cloud = await startTestCloud();
    const big = randomBytes(12 * 1024 * 1024);
    const a = await cloud.first('laptop', async (vault) => {
      await vault.add({ bytes: big, name: 'scans.bin' });
      await vault.add({ bytes: Buffer.from('small one'), name: 'small.txt' });
    });
    await a.engine.sync();
    const b = await cloud.clone('desktop');
    await b.engine.sync({ skipDownloads: true });
    cloud.peer.inject({ op: 'GetObject', times: Infinity, fault: { kind: 'slow', delayMs: 300 } });
    await syncKilledAt(cloud, b, 'GetObject', 1);
    cloud.peer.clearFaults();
    await b.engine.sync();
    for (const doc of await a.vault.list())
      expect((await b.vault.readContent(doc.id)).equals(await a.vault.readContent(doc.id))).toBe(true);
    await assertSound(b);
    expect(await libraryOf(b.vault)).toEqual(await libraryOf(a.vault));
  });
});
