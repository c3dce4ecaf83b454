/** For the askClaude tests: a vault with a few labelled documents, Claude enabled, and a strict local peer. */
import { isLockleafError } from '../errors.js';
import { tempVault } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { enableAi } from './ai-config.js';
import type { AskOptions } from './ask-claude.js';
import { MessagesPeer } from './test-peers/messages-peer.js';

export const KEY = 'sk-ant-peer-key-0123456789';
export const INVOICE = [
  'ACME Energie GmbH, Hauptstraße 1, 10115 Berlin',
  'Rechnung Nr. RE-2024-0042 vom 15.03.2024',
  'Kundin: Anna Müller, anna.mueller@example.org, Tel.: 030 1234567',
  'Stromlieferung Februar 2024: 84,20 EUR',
  'Gesamtbetrag: 100,20 EUR, fällig am 14.04.2024',
  'Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00. Karte 4111 1111 1111 1111. Kundennr. KD-77812',
].join('\n');
export const SECRETS = [
  'anna.mueller@example.org',
  '030 1234567',
  'DE89 3704 0044 0532 0130 00',
  '4111 1111 1111 1111',
];

export const code = (c: string) => (e: unknown) => isLockleafError(e) && e.code === c;

export interface AiFixture {
  vault: Vault;
  peer: MessagesPeer;
  opts: AskOptions;
  add(text: string, extra?: { tags?: string[]; type?: string; correspondent?: string }): Promise<string>;
  aiRequests(): Promise<{ details: string }[]>;
  queue(): Promise<{ not_before: string | null; last_error: string }[]>;
  /** A new peer (after `peer.stop()`), as when the network comes back. */
  restartPeer(): Promise<MessagesPeer>;
  close(): Promise<void>;
}

export async function aiFixture(): Promise<AiFixture> {
  const { vault, cleanup } = await tempVault();
  const f: AiFixture = {
    vault,
    peer: await MessagesPeer.start({ apiKey: KEY }),
    opts: {},
    async add(text, extra = {}) {
      const r = await vault.add({ bytes: Buffer.from(text), name: `doc-${Math.random()}.txt`, ...extra });
      return r.id;
    },
    aiRequests: () => vault.context.db.read.all("SELECT details FROM audit_log WHERE action = 'ai.request'"),
    queue: () => vault.context.db.read.all('SELECT * FROM ai_queue'),
    async restartPeer() {
      f.peer = await MessagesPeer.start({ apiKey: KEY });
      f.opts = { ...f.opts, baseURL: f.peer.url };
      return f.peer;
    },
    async close() {
      await f.peer.stop();
      await cleanup();
    },
  };
  f.opts = { baseURL: f.peer.url, maxRetries: 2 };
  // The user's labels, for the closed lists.
  await f.add('Brief', { type: 'Letter', correspondent: 'Stadtwerke', tags: ['family'] });
  await f.add('Rechnung', { type: 'Invoice', correspondent: 'ACME Energie', tags: ['tax', 'medical'] });
  await enableAi(vault, KEY);
  return f;
}
