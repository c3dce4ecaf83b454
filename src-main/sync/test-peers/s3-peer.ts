/**
 * A real S3 server for tests: s3rver 3.7.1 on 127.0.0.1 (random port, temp
 * folder, silent) behind an HTTP front (s3-front.ts) that refuses what R2
 * refuses and injects faults on demand. Every test starts and stops its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3RemoteConfig } from '../remote/s3-config.js';
import { encodeKey, createFront, type FrontState } from './s3-front.js';
import { FaultPlan, type FaultRule, type S3Operation } from './s3-faults.js';
import { forward, header } from './s3-wire.js';

export interface S3PeerOptions {
  bucket?: string;
  /** Cap on keys per listing page (default 1000, as S3 and R2). */
  maxKeys?: number;
  /** Keep every version written (in the temp folder) so a test can roll one back. Default true; the bench turns it off. */
  keepVersions?: boolean;
}

export interface ObjectVersion {
  etag: string;
  size: number;
}

export interface S3Peer {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A Remote configuration for this peer (path style, its credentials). */
  remoteConfig(extra?: Partial<S3RemoteConfig>): S3RemoteConfig;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests that reached the front, by operation (refused and faulted ones included). */
  count(op: S3Operation): number;
  /** The most requests of this operation handled at once since the last reset. */
  maxInFlight(op: S3Operation): number;
  resetCounts(): void;
  /** Every version of `key` written through the front, oldest first. */
  versions(key: string): ObjectVersion[];
  /** Serves version `index` of `key` again, as a hostile or broken server would. */
  rollBack(key: string, index: number): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Peer(options: S3PeerOptions = {}): Promise<S3Peer> {
  const dir = await mkdtemp(join(tmpdir(), 'lockleaf-s3-peer-'));
  const bucket = options.bucket ?? 'lockleaf-test';
  const store = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 'store'),
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const { port: backendPort } = await store.run();
  const keepVersions = options.keepVersions ?? true;
  const history = new Map<string, (ObjectVersion & { file: string })[]>();
  let files = 0;

  const state: FrontState = {
    bucket,
    accessKeyId: `LLTEST${randomBytes(7).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    backendPort,
    maxKeys: options.maxKeys ?? 1000,
    faults: new FaultPlan(),
    counts: new Map(),
    inFlight: new Map(),
    uploads: new Map(),
    async onWritten(key, body) {
      if (!keepVersions) return;
      // A completed multipart object is read back from the store: the front never saw it whole.
      const got = await forward(backendPort, 'GET', `/${bucket}/${encodeKey(key)}`, {}, Buffer.alloc(0));
      const bytes = body ?? got.body;
      const file = join(dir, `version-${++files}`);
      await writeFile(file, bytes);
      const list = history.get(key) ?? [];
      list.push({ etag: (header(got.headers, 'etag') ?? '').replace(/"/g, ''), size: bytes.length, file });
      history.set(key, list);
    },
  };
  const front = createFront(state);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  return {
    endpoint,
    bucket,
    region: 'auto',
    accessKeyId: state.accessKeyId,
    secretAccessKey: state.secretAccessKey,
    remoteConfig: (extra = {}) => ({
      endpoint,
      bucket,
      region: 'auto',
      forcePathStyle: true,
      accessKeyId: state.accessKeyId,
      secretAccessKey: state.secretAccessKey,
      ...extra,
    }),
    inject: (rule) => state.faults.add(rule),
    clearFaults: () => state.faults.clear(),
    count: (op) => state.counts.get(op) ?? 0,
    maxInFlight: (op) => state.inFlight.get(op)?.max ?? 0,
    resetCounts: () => {
      state.counts.clear();
      for (const flight of state.inFlight.values()) flight.max = flight.now;
    },
    versions: (key) => (history.get(key) ?? []).map(({ etag, size }) => ({ etag, size })),
    async rollBack(key, index) {
      const version = history.get(key)?.[index];
      if (!version) throw new Error(`no version ${index} of ${key}`);
      const reply = await forward(backendPort, 'PUT', `/${bucket}/${encodeKey(key)}`, {}, await readFile(version.file));
      if (reply.status !== 200) throw new Error(`rollback failed: HTTP ${reply.status}`);
    },
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
