/** The peer refuses what the real Messages API refuses, so tests against it mean something. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagesPeer } from './messages-peer.js';

const KEY = 'sk-ant-peer-0000000001';
let peer: MessagesPeer;
beforeAll(async () => {
  peer = await MessagesPeer.start({ apiKey: KEY, maxBodyBytes: 4096 });
});
afterAll(() => peer.stop());

const good = {
  model: 'claude-haiku-4-5-20251001',
  max_tokens: 100,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
  tools: [{ name: 'classify_document', input_schema: { type: 'object', properties: {} } }],
  tool_choice: { type: 'tool', name: 'classify_document' },
};
const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': KEY };

async function post(body: unknown, extra: Record<string, string | undefined> = {}) {
  const h = Object.fromEntries(Object.entries({ ...headers, ...extra }).filter(([, v]) => v !== undefined));
  const res = await fetch(`${peer.url}/v1/messages`, {
    method: 'POST',
    headers: h as Record<string, string>,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { type: string; error?: { type: string } } };
}

describe('MessagesPeer', () => {
  it('answers a valid request with a tool_use message', async () => {
    const res = await post(good);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'message', stop_reason: 'tool_use', content: [{ type: 'tool_use' }] });
    expect((await post(good, { 'x-api-key': undefined, authorization: `Bearer ${KEY}` })).status).toBe(200);
  });

  it.each([
    ['no key', good, { 'x-api-key': undefined }, 401, 'authentication_error'],
    ['a wrong key', good, { 'x-api-key': 'sk-ant-other' }, 401, 'authentication_error'],
    ['an Origin header', good, { origin: 'https://example.org' }, 401, 'authentication_error'],
    ['no anthropic-version', good, { 'anthropic-version': undefined }, 400, 'invalid_request_error'],
    ['no model', { ...good, model: undefined }, {}, 400, 'invalid_request_error'],
    ['no max_tokens', { ...good, max_tokens: undefined }, {}, 400, 'invalid_request_error'],
    ['no messages', { ...good, messages: undefined }, {}, 400, 'invalid_request_error'],
    [
      'a tool_choice naming no tool',
      { ...good, tool_choice: { type: 'tool', name: 'x' } },
      {},
      400,
      'invalid_request_error',
    ],
    ['a body over the limit', { ...good, system: 'x'.repeat(5000) }, {}, 413, 'request_too_large'],
  ])('refuses %s', async (_what, body, extra, status, type) => {
    const res = await post(body, extra);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ type: 'error', error: { type } });
  });

  it('plays scripted failures with their headers, then answers again; records every request', async () => {
    const before = peer.requests.length;
    peer.push({ status: 529, headers: { 'retry-after': '3' } });
    const res = await fetch(`${peer.url}/v1/messages`, { method: 'POST', headers, body: JSON.stringify(good) });
    expect(res.status).toBe(529);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toMatchObject({ error: { type: 'overloaded_error' } });
    expect((await post(good)).status).toBe(200);
    expect(peer.requests.slice(before).map((r) => r.status)).toEqual([529, 200]);
  });
});
