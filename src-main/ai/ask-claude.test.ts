/** askClaude and its queue against a strict local Messages API server, with the real SDK and a real vault. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { tempVault } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { enableAi, setAiExcluded, updateAiSettings, disableAi } from './ai-config.js';
import { askClaude, drainAiQueue, type AskOptions } from './ask-claude.js';
import { previewAiRequest } from './prepare.js';
import { MessagesPeer, PEER_API_VERSIONS } from './test-peers/messages-peer.js';

const KEY = 'sk-ant-peer-key-0123456789';
const INVOICE = [
  'ACME Energie GmbH, Hauptstraße 1, 10115 Berlin',
  'Rechnung Nr. RE-2024-0042 vom 15.03.2024',
  'Kundin: Anna Müller, anna.mueller@example.org, Tel.: 030 1234567',
  'Stromlieferung Februar 2024: 84,20 EUR',
  'Gesamtbetrag: 100,20 EUR, fällig am 14.04.2024',
  'Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00. Karte 4111 1111 1111 1111. Kundennr. KD-77812',
].join('\n');
const SECRETS = ['anna.mueller@example.org', '030 1234567', 'DE89 3704 0044 0532 0130 00', '4111 1111 1111 1111'];

let vault: Vault;
let cleanup: () => Promise<void>;
let peer: MessagesPeer;
let opts: AskOptions;

async function add(text: string, extra: { tags?: string[]; type?: string; correspondent?: string } = {}) {
  const r = await vault.add({ bytes: Buffer.from(text), name: `doc-${Math.random()}.txt`, ...extra });
  return r.id;
}
const aiRequests = () =>
  vault.context.db.read.all<{ details: string }>("SELECT details FROM audit_log WHERE action = 'ai.request'");
const queue = () =>
  vault.context.db.read.all<{ not_before: string | null; last_error: string }>('SELECT * FROM ai_queue');
const code = (c: string) => (e: unknown) => isLockleafError(e) && e.code === c;

beforeEach(async () => {
  ({ vault, cleanup } = await tempVault());
  peer = await MessagesPeer.start({ apiKey: KEY });
  opts = { baseURL: peer.url, maxRetries: 2 };
  // The user's labels, for the closed lists.
  await add('Brief', { type: 'Letter', correspondent: 'Stadtwerke', tags: ['family'] });
  await add('Rechnung', { type: 'Invoice', correspondent: 'ACME Energie', tags: ['tax', 'medical'] });
  await enableAi(vault, KEY);
});
afterEach(async () => {
  await peer.stop();
  await cleanup();
});

describe('askClaude', () => {
  it('sends text only, with a forced classify_document call and the closed lists; stores a suggestion', async () => {
    const id = await add(INVOICE);
    peer.push({
      input: {
        title: 'ACME Energie invoice March 2024',
        type: 'invoice',
        correspondent: 'ACME  energie',
        tags: ['Tax', 'energy'],
        new_tags: ['utilities'],
        document_date: '2024-03-15',
        amounts: [
          { value: 84.2, currency: 'EUR', label: 'Strom', is_total: false },
          { value: 100.2, currency: 'eur', label: 'Gesamtbetrag', is_total: true },
        ],
        due_date: '2024-04-14',
        expiry_date: 'soon',
        summary: 'Electricity bill for February 2024.',
      },
    });
    const result = await askClaude(vault, id, opts);
    expect(peer.requests).toHaveLength(1);
    const req = peer.requests[0]!;
    expect(req.headers.authorization ?? `Bearer ${String(req.headers['x-api-key'])}`).toBe(`Bearer ${KEY}`);
    expect(PEER_API_VERSIONS).toContain(req.headers['anthropic-version']);
    expect(req.headers.origin).toBeUndefined();
    const body = req.body as {
      model: string;
      system: string;
      tools: { name: string; input_schema: { required: string[] } }[];
      tool_choice: unknown;
      messages: { role: string; content: { type: string; text: string }[] }[];
    };
    expect(body.model).toBe('claude-haiku-4-5-20251001');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'classify_document' });
    expect(body.tools.map((t) => t.name)).toEqual(['classify_document']);
    expect(body.tools[0]!.input_schema.required).toEqual(
      expect.arrayContaining([
        'title',
        'type',
        'correspondent',
        'tags',
        'document_date',
        'amounts',
        'expiry_date',
        'summary',
      ]),
    );
    const blocks = body.messages.flatMap((m) => m.content);
    expect(blocks.map((b) => b.type)).toEqual(['text']);
    expect(req.raw).not.toMatch(/"type":"(image|document|file)"|"source":/);
    const text = blocks[0]!.text;
    expect(text).toContain('Existing document types: ["Invoice","Letter"]');
    expect(text).toContain('Existing correspondents: ["ACME Energie","Stadtwerke"]');
    expect(text).toContain('Existing tags: ["family","medical","tax"]');
    expect(text).toContain('Rechnung Nr. RE-2024-0042 vom 15.03.2024');

    expect(result.status).toBe('suggested');
    const suggestion = result.status === 'suggested' ? result.suggestion : undefined;
    expect(suggestion).toMatchObject({
      source: 'ai',
      type: { name: 'Invoice' },
      correspondent: { name: 'ACME Energie' },
      documentDate: '2024-03-15',
      total: { value: 100.2, currency: 'EUR', label: 'Gesamtbetrag' },
      dueDate: '2024-04-14',
      expiryDate: null,
      summary: 'Electricity bill for February 2024.',
    });
    expect(suggestion!.type!.proposed).toBeUndefined();
    expect(suggestion!.tags).toEqual([
      { name: 'tax', confidence: 0.8 },
      { name: 'energy', confidence: 0.5, proposed: true },
      { name: 'utilities', confidence: 0.5, proposed: true },
    ]);
    const inbox = await vault.context.db.read.get<{ state: string; suggestion: string | null; ai_suggestion: string }>(
      'SELECT i.state, i.suggestion, i.ai_suggestion FROM inbox i JOIN documents d ON d.seq = i.document_seq WHERE d.id = ?',
      [id],
    );
    expect(inbox).toMatchObject({ state: 'pending', suggestion: null });
    expect(JSON.parse(inbox!.ai_suggestion)).toEqual(suggestion);
    // Nothing applied to the document itself.
    expect(await vault.get(id)).toMatchObject({ type: null, correspondent: null, tags: [] });
  });

  it('flags a type or correspondent not among the lists as proposed', async () => {
    const id = await add('Versicherungsschein');
    peer.push({ input: { ...(peer.defaultInput as object), type: 'Insurance policy', correspondent: 'HUK' } });
    const result = await askClaude(vault, id, opts);
    expect(result.status === 'suggested' && result.suggestion).toMatchObject({
      type: { name: 'Insurance policy', proposed: true },
      correspondent: { name: 'HUK', proposed: true },
    });
  });

  it('previews exactly what is sent, and audits its length and SHA-256, never the text', async () => {
    const id = await add(INVOICE);
    const preview = await previewAiRequest(vault, id);
    expect(peer.requests).toHaveLength(0);
    await askClaude(vault, id, opts);
    const body = peer.requests[0]!.body as { system: string; messages: { content: { text: string }[] }[] };
    expect(body.system).toBe(preview.system);
    expect(body.messages[0]!.content[0]!.text).toBe(preview.text);
    const sent = `${body.system}\n\n${body.messages[0]!.content[0]!.text}`;
    const sha256 = createHash('sha256').update(sent).digest('hex');
    expect(preview).toMatchObject({ chars: sent.length, sha256 });
    const audit = await aiRequests();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toEqual({
      document: id,
      model: 'claude-haiku-4-5-20251001',
      chars: sent.length,
      sha256,
    });
    expect(audit[0]!.details).not.toContain('ACME');
  });

  it('redacts before sending: no IBAN, card, e-mail or phone number, nor a user pattern, reaches the server', async () => {
    await updateAiSettings(vault, { patterns: ['KD-\\d+'] });
    const id = await add(INVOICE);
    const preview = await previewAiRequest(vault, id);
    expect(preview.redactions).toMatchObject({ iban: 1, card: 1, email: 1, phone: 1, custom: 1 });
    await askClaude(vault, id, opts);
    const raw = peer.requests[0]!.raw;
    for (const secret of [...SECRETS, 'KD-77812']) expect(raw).not.toContain(secret);
    for (const marker of ['[IBAN]', '[CARD]', '[EMAIL]', '[PHONE]', '[REDACTED]']) expect(raw).toContain(marker);
  });

  it('sends head and tail within the budget, redacted before the cut', async () => {
    await updateAiSettings(vault, { budgetChars: 600 });
    const filler = Array.from({ length: 300 }, (_, i) => `Zeile ${i} Verbrauch.`).join(' ');
    const id = await add(`${INVOICE}\n${filler}\nIBAN DE89 3704 0044 0532 0130 00 Ende des Dokuments`);
    const preview = await previewAiRequest(vault, id);
    expect(preview.text).toContain('ACME Energie GmbH');
    expect(preview.text).toContain('Ende des Dokuments');
    expect(preview.text).toMatch(/\[… \d+ characters left out …\]/);
    expect(preview.omitted).toBeGreaterThan(5000);
    expect(preview.text).not.toContain('0532 0130');
  });

  it('never sends a never-send document, one with an excluded tag, or anything while AI is off', async () => {
    const flagged = await add(INVOICE);
    await setAiExcluded(vault, [flagged], true);
    await expect(askClaude(vault, flagged, opts)).rejects.toSatisfy(code('AI_EXCLUDED'));
    await expect(previewAiRequest(vault, flagged)).rejects.toSatisfy(code('AI_EXCLUDED'));

    await updateAiSettings(vault, { excludeTags: ['Medical'] });
    const medical = await add('Befund', { tags: ['medical'] });
    const refusal = await askClaude(vault, medical, opts).catch((e: unknown) => e);
    expect(refusal).toSatisfy(code('AI_EXCLUDED'));
    expect((refusal as { details: unknown }).details).toEqual({ tag: 'medical' });
    // An excluded tag is not offered to Claude either.
    const other = await add('Brief 2');
    expect((await previewAiRequest(vault, other)).text).toContain('Existing tags: ["family","tax"]');

    await disableAi(vault);
    await expect(askClaude(vault, other, opts)).rejects.toSatisfy(code('AI_DISABLED'));
    expect(peer.requests).toHaveLength(0);
    expect(await aiRequests()).toHaveLength(0);
  });

  it('a refused key: one request, a clear error, nothing queued', async () => {
    await enableAi(vault, 'sk-ant-wrong-key-000000');
    const id = await add(INVOICE);
    const error = await askClaude(vault, id, opts).catch((e: unknown) => e);
    expect(error).toSatisfy(code('AI_KEY_REJECTED'));
    expect((error as Error).message).toMatch(/refused the API key \(401\)/);
    expect((error as Error).message).not.toContain('sk-ant-wrong-key');
    expect(peer.requests).toHaveLength(1);
    expect(await queue()).toEqual([]);
  });

  it('429 and 529 are retried as retry-after-ms asks, then the answer is stored', async () => {
    const id = await add(INVOICE);
    peer.push(
      { status: 429, headers: { 'retry-after-ms': '1', 'retry-after': '1' } },
      { status: 529, headers: { 'retry-after-ms': '1' } },
    );
    const result = await askClaude(vault, id, opts);
    expect(result.status).toBe('suggested');
    expect(peer.requests.map((r) => r.status)).toEqual([429, 529, 200]);
    // The same bytes each time: one audited request.
    expect(new Set(peer.requests.map((r) => r.raw)).size).toBe(1);
    expect(await queue()).toEqual([]);
  });

  it('retries spent: queued with retry-after as not_before, and sent by the drain once due', async () => {
    const id = await add(INVOICE);
    peer.push(
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
    expect(peer.requests).toHaveLength(3);
    expect(await drainAiQueue(vault, { ...opts, now: new Date(notBefore) })).toEqual({
      sent: 1,
      waiting: 0,
      dropped: [],
    });
    expect(peer.accepted).toHaveLength(1);
    const stored = await vault.context.db.read.get<{ n: number }>(
      'SELECT count(*) AS n FROM inbox WHERE ai_suggestion IS NOT NULL',
    );
    expect(stored).toEqual({ n: 1 });
  });

  it('a wait longer than MAX_WAIT_MS is not waited: queued at once, one request', async () => {
    const id = await add(INVOICE);
    peer.push({ status: 529, headers: { 'retry-after': '600' } });
    expect(await askClaude(vault, id, opts)).toMatchObject({ status: 'queued', reason: 'Anthropic is overloaded' });
    expect(peer.requests).toHaveLength(1);
    expect(Date.parse((await queue())[0]!.not_before!)).toBeGreaterThan(Date.now() + 500_000);
  });

  it('offline: queued, then drained when the server is back; a document marked never-send meanwhile leaves the queue', async () => {
    const id = await add(INVOICE);
    const later = await add('Zweiter Brief');
    await peer.stop();
    expect(await askClaude(vault, id, { ...opts, maxRetries: 1 })).toMatchObject({
      status: 'queued',
      notBefore: null,
    });
    expect(await askClaude(vault, later, { ...opts, maxRetries: 0 })).toMatchObject({ status: 'queued' });
    expect(await queue()).toHaveLength(2);
    await setAiExcluded(vault, [later], true);
    expect(await queue()).toHaveLength(1);

    peer = await MessagesPeer.start({ apiKey: KEY });
    const report = await drainAiQueue(vault, { baseURL: peer.url, maxRetries: 0 });
    expect(report).toEqual({ sent: 1, waiting: 0, dropped: [] });
    expect(peer.accepted).toHaveLength(1);
  });
});
