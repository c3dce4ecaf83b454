/** askClaude against a strict local Messages API server, with the real SDK and a real vault: what is sent. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vault } from '../vault/vault.js';
import { disableAi, setAiExcluded, updateAiSettings } from './ai-config.js';
import { askClaude, type AskOptions } from './ask-claude.js';
import { PLATFORM_HEADERS } from './claude-client.js';
import { previewAiRequest } from './prepare.js';
import { PEER_API_VERSIONS } from './test-peers/messages-peer.js';
import { aiFixture, code, INVOICE, KEY, SECRETS, type AiFixture } from './test-ai-fixture.js';

let f: AiFixture;
let vault: Vault;
let opts: AskOptions;
let add: AiFixture['add'];
let aiRequests: AiFixture['aiRequests'];

beforeEach(async () => {
  f = await aiFixture();
  ({ vault, opts, add, aiRequests } = f);
});
afterEach(() => f.close());

describe('askClaude: the request', () => {
  it('sends text only, with a forced classify_document call and the closed lists; stores a suggestion', async () => {
    const id = await add(INVOICE);
    f.peer.push({
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
    expect(f.peer.requests).toHaveLength(1);
    const req = f.peer.requests[0]!;
    expect(req.headers.authorization ?? `Bearer ${String(req.headers['x-api-key'])}`).toBe(`Bearer ${KEY}`);
    expect(PEER_API_VERSIONS).toContain(req.headers['anthropic-version']);
    expect(req.headers.origin).toBeUndefined();
    // No description of this machine (OS, architecture, Node version) goes along.
    for (const h of PLATFORM_HEADERS) expect(req.headers[h.toLowerCase()]).toBeUndefined();
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
    f.peer.push({ input: { ...(f.peer.defaultInput as object), type: 'Insurance policy', correspondent: 'HUK' } });
    const result = await askClaude(vault, id, opts);
    expect(result.status === 'suggested' && result.suggestion).toMatchObject({
      type: { name: 'Insurance policy', proposed: true },
      correspondent: { name: 'HUK', proposed: true },
    });
  });

  it('previews exactly what is sent, and audits its length and SHA-256, never the text', async () => {
    const id = await add(INVOICE);
    const preview = await previewAiRequest(vault, id);
    expect(f.peer.requests).toHaveLength(0);
    await askClaude(vault, id, opts);
    const body = f.peer.requests[0]!.body as { system: string; messages: { content: { text: string }[] }[] };
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
    const raw = f.peer.requests[0]!.raw;
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
    // An excluded tag is not offered to Claude either, nor a tag used only on excluded documents ("tax").
    const other = await add('Brief 2');
    expect((await previewAiRequest(vault, other)).text).toContain('Existing tags: ["family"]');

    await disableAi(vault);
    await expect(askClaude(vault, other, opts)).rejects.toSatisfy(code('AI_DISABLED'));
    expect(f.peer.requests).toHaveLength(0);
    expect(await aiRequests()).toHaveLength(0);
  });
});
