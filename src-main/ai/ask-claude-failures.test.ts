/** askClaude when Anthropic refuses, limits, is overloaded or cannot be reached: no retry, retries, the queue. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vault } from '../vault/vault.js';
import { enableAi, setAiExcluded } from './ai-config.js';
import { askClaude, drainAiQueue, type AskOptions } from './ask-claude.js';
import { aiFixture, code, INVOICE, type AiFixture } from './test-ai-fixture.js';

let f: AiFixture;
let vault: Vault;
let opts: AskOptions;
let add: AiFixture['add'];
let queue: AiFixture['queue'];

beforeEach(async () => {
  f = await aiFixture();
  ({ vault, opts, add, queue } = f);
});
afterEach(() => f.close());

describe('askClaude: failures and the queue', () => {
  it('a refused key: one request, a clear error, nothing queued', async () => {
    await enableAi(vault, 'sk-ant-wrong-key-000000');
    const id = await add(INVOICE);
    const error = await askClaude(vault, id, opts).catch((e: unknown) => e);
    expect(error).toSatisfy(code('AI_KEY_REJECTED'));
    expect((error as Error).message).toMatch(/refused the API key \(401\)/);
    expect((error as Error).message).not.toContain('sk-ant-wrong-key');
    expect(f.peer.requests).toHaveLength(1);
    expect(await queue()).toEqual([]);
  });

  it('403 is a refused key too; an unknown model (404) is AI_FAILED: neither retried nor queued', async () => {
    const id = await add(INVOICE);
    f.peer.push(
      { status: 403, message: 'This key may not use this model' },
      { status: 404, message: 'model: claude-nonexistent' },
    );
    await expect(askClaude(vault, id, opts)).rejects.toSatisfy(code('AI_KEY_REJECTED'));
    const failed = await askClaude(vault, id, opts).catch((e: unknown) => e);
    expect(failed).toSatisfy(code('AI_FAILED'));
    expect((failed as Error).message).toContain('model: claude-nonexistent');
    expect(f.peer.requests.map((r) => r.status)).toEqual([403, 404]);
    expect(await queue()).toEqual([]);
  });

  it('429 and 529 are retried as retry-after-ms asks, then the answer is stored', async () => {
    const id = await add(INVOICE);
    f.peer.push(
      { status: 429, headers: { 'retry-after-ms': '1', 'retry-after': '1' } },
      { status: 529, headers: { 'retry-after-ms': '1' } },
    );
    const result = await askClaude(vault, id, opts);
    expect(result.status).toBe('suggested');
    expect(f.peer.requests.map((r) => r.status)).toEqual([429, 529, 200]);
    // The same bytes each time: one audited request.
    expect(new Set(f.peer.requests.map((r) => r.raw)).size).toBe(1);
    expect(await queue()).toEqual([]);
  });

  it('retries spent: queued with retry-after as not_before, and sent by the drain once due', async () => {
    const id = await add(INVOICE);
    f.peer.push(
      { status: 429, headers: { 'retry-after-ms': '1' } },
      { status: 529, headers: { 'retry-after-ms': '1' } },
      { status: 429, headers: { 'retry-after': '120' } },
    );
    const before = Date.now();
    const result = await askClaude(vault, id, opts);
    expect(result).toMatchObject({ status: 'queued', reason: 'Anthropic is rate-limited' });
    const [item] = await queue();
    const notBefore = Date.parse(item!.not_before!);
    expect(notBefore).toBeGreaterThanOrEqual(before + 120_000);
    expect(notBefore).toBeLessThan(Date.now() + 121_000);

    expect(await drainAiQueue(vault, { ...opts, now: new Date(notBefore - 1000) })).toEqual({
      sent: 0,
      waiting: 1,
      dropped: [],
    });
    expect(f.peer.requests).toHaveLength(3);
    expect(await drainAiQueue(vault, { ...opts, now: new Date(notBefore) })).toEqual({
      sent: 1,
      waiting: 0,
      dropped: [],
    });
    expect(f.peer.accepted).toHaveLength(1);
    const stored = await vault.context.db.read.get<{ n: number }>(
      'SELECT count(*) AS n FROM inbox WHERE ai_suggestion IS NOT NULL',
    );
    expect(stored).toEqual({ n: 1 });
  });

  it('a wait longer than MAX_WAIT_MS is not waited: queued at once, one request', async () => {
    const id = await add(INVOICE);
    f.peer.push({ status: 529, headers: { 'retry-after': '600' } });
    expect(await askClaude(vault, id, opts)).toMatchObject({ status: 'queued', reason: 'Anthropic is overloaded' });
    expect(f.peer.requests).toHaveLength(1);
    expect(Date.parse((await queue())[0]!.not_before!)).toBeGreaterThan(Date.now() + 500_000);
  });

  it('offline: queued, then drained when the server is back; a document marked never-send meanwhile leaves the queue', async () => {
    const id = await add(INVOICE);
    const later = await add('Zweiter Brief');
    await f.peer.stop();
    expect(await askClaude(vault, id, { ...opts, maxRetries: 1 })).toMatchObject({
      status: 'queued',
      notBefore: null,
    });
    expect(await askClaude(vault, later, { ...opts, maxRetries: 0 })).toMatchObject({ status: 'queued' });
    expect(await queue()).toHaveLength(2);
    await setAiExcluded(vault, [later], true);
    expect(await queue()).toHaveLength(1);

    await f.restartPeer();
    const report = await drainAiQueue(vault, { baseURL: f.peer.url, maxRetries: 0 });
    expect(report).toEqual({ sent: 1, waiting: 0, dropped: [] });
    expect(f.peer.accepted).toHaveLength(1);
  });
});
