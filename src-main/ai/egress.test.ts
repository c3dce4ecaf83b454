/**
 * Egress over the whole flow: a scan comes in through ingest (reader process, OCR), then Claude is asked
 * about it. Every outbound connection this process opens is recorded where all of them pass, whoever
 * makes them (net, tls, undici's fetch, which the SDK uses): `net.Socket.prototype.connect`, plus the
 * 'net.client.socket' diagnostics channel as a second witness. With AI off there is none; with AI on,
 * only the AI host.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { createIngest } from '../ingest/ingest-service.js';
import { DEFAULT_LIMITS } from '../ingest/intake.js';
import { scannedPdf } from '../ingest/test-fixtures.js';
import { tempVault } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { enableAi } from './ai-config.js';
import { askClaude } from './ask-claude.js';
import { MessagesPeer } from './test-peers/messages-peer.js';

const KEY = 'sk-ant-egress-0123456789';

/** Where each connection went: host:port for TCP, the path for a local socket. */
const connections: string[] = [];
const witnessed: unknown[] = [];
const original = Socket.prototype.connect;

function describeTarget(args: unknown[]): string {
  const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as
    { host?: string; port?: number; path?: string } | number | string;
  if (typeof first === 'number') return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
  if (typeof first === 'string') return first;
  return first?.path ?? `${first?.host ?? 'localhost'}:${first?.port}`;
}

const onSocket = (message: unknown) => witnessed.push(message);

let vault: Vault;
let cleanup: () => Promise<void>;
let root: string;
let peer: MessagesPeer;
let ingest: ReturnType<typeof createIngest>;

beforeAll(async () => {
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    connections.push(describeTarget(args));
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  subscribe('net.client.socket', onSocket);
  ({ vault, cleanup, root } = await tempVault());
  peer = await MessagesPeer.start({ apiKey: KEY });
  process.env.LOCKLEAF_ANTHROPIC_BASE_URL = peer.url;
  ingest = createIngest(vault, { dataDir: join(root, 'ocr'), workers: 1, langs: ['eng'], limits: DEFAULT_LIMITS });
  ingest.queue.start();
});

afterAll(async () => {
  Socket.prototype.connect = original;
  unsubscribe('net.client.socket', onSocket);
  delete process.env.LOCKLEAF_ANTHROPIC_BASE_URL;
  await ingest.close();
  await peer.stop();
  await cleanup();
});

async function ingestScan(lines: string[]): Promise<string> {
  const result = await ingest.queue.enqueue({ bytes: await scannedPdf([lines]), name: 'scan.pdf' });
  await ingest.queue.idle();
  if (result.status !== 'queued') throw new Error(`expected a queued job, got ${result.status}`);
  return result.documentId;
}

describe('egress over ingest and classify', () => {
  it('AI off: the whole flow opens no connection at all', async () => {
    const id = await ingestScan(['INVOICE 2024-0042', 'ACME Energy Ltd', 'Total due: 100.20 EUR']);
    expect((await vault.get(id)).pages.map((p) => p.text).join(' ')).toMatch(/ACME/i);
    const refusal = await askClaude(vault, id).catch((e: unknown) => e);
    expect(isLockleafError(refusal, 'AI_DISABLED')).toBe(true);
    expect(connections).toEqual([]);
    expect(witnessed).toEqual([]);
    expect(peer.requests).toHaveLength(0);
  });

  it('AI on: only the AI host, and only for the request', async () => {
    await enableAi(vault, KEY);
    const id = await ingestScan(['RECEIPT', 'Corner Shop', 'Total 12.50 EUR']);
    expect(connections).toEqual([]);
    const result = await askClaude(vault, id);
    expect(result.status).toBe('suggested');
    expect(peer.accepted).toHaveLength(1);
    const aiHost = new URL(peer.url).host;
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections)).toEqual(new Set([aiHost]));
    expect(witnessed.length).toBe(connections.length);
  });
});
