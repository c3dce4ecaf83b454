/**
 * The Inbox and Claude through the app's bridge (dispatch → handlers → AppSession):
 * a dropped document waits with its suggestion and the count is announced;
 * payloads are validated; Claude is asked only once enabled, never sees an
 * excluded document, and its answer lands in the Inbox, not on the document;
 * the key never comes back to the window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxItem } from '../../src-shared/classify.js';
import type { Result } from '../../src-shared/errors.js';
import { TEST_KDF } from '../crypto/kdf.js';
import { MessagesPeer } from '../ai/test-peers/messages-peer.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { waitFor } from '../mail/test-mail.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';

const KEY = 'sk-ant-bridge-test-0123456789';
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
  delete process.env.LOCKLEAF_ANTHROPIC_BASE_URL;
});

async function app() {
  const t = await tempDir();
  const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
  cleanups.push(t.cleanup, async () => {
    await session.lock();
    await session.settled();
  });
  const handlers = createHandlers(session);
  const call = <T = unknown>(channel: string, payload?: unknown) =>
    dispatch(handlers, channel, payload) as Promise<Result<T>>;
  const counts: number[] = [];
  session.on('inbox:changed', ({ count }) => counts.push(count));
  await session.create(TEST_PASSPHRASE);
  return { session, call, counts };
}

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('the Inbox through the bridge', () => {
  it('suggests, validates, asks Claude only when allowed, and never hands the key back', async () => {
    const peer = await MessagesPeer.start({ apiKey: KEY });
    cleanups.push(() => peer.stop());
    process.env.LOCKLEAF_ANTHROPIC_BASE_URL = peer.url;
    const { call, counts } = await app();
    const pdf = await textPdf([['Riverside Dental Clinic', 'Invoice date: 04.09.2026', 'Total EUR 80.00']]);
    const { documentId: id } = ok(
      await call<{ documentId: string }>('ingest:upload', { name: 'dentist.pdf', data: pdf.toString('base64') }),
    );
    await waitFor(async () => ok(await call<InboxItem[]>('inbox:list'))[0]?.suggestion);
    const [item] = ok(await call<InboxItem[]>('inbox:list'));
    expect(item).toMatchObject({ id, suggestion: { documentDate: '2026-09-04', total: { value: 80 } } });
    await waitFor(async () => counts.at(-1) === 1);

    // Claude is off by default: asking is refused, and nothing reaches the peer.
    expect(await call('ai:ask', { id })).toMatchObject({ ok: false, error: { code: 'AI_DISABLED' } });
    expect(await call('ai:enable', { apiKey: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const status = ok(await call('ai:enable', { apiKey: KEY }));
    expect(status).toMatchObject({ enabled: true, hasKey: true });
    expect(JSON.stringify(status)).not.toContain(KEY);

    const preview = ok(await call<{ text: string }>('ai:preview', { id }));
    expect(preview.text).toContain('Riverside Dental Clinic');
    peer.push({ input: { title: 'Dental invoice', type: 'Medical', tags: ['health'], summary: 'A dentist bill.' } });
    expect(ok(await call('ai:ask', { id }))).toMatchObject({ status: 'suggested' });
    expect(peer.requests).toHaveLength(1);
    const [withAi] = ok(await call<InboxItem[]>('inbox:list'));
    expect(withAi?.aiSuggestion).toMatchObject({ source: 'ai', title: 'Dental invoice' });
    // Nothing applied without review.
    expect(ok(await call<{ type: string | null }>('documents:get', { id })).type).toBeNull();

    ok(await call('documents:aiExclude', { ids: [id], excluded: true }));
    expect(await call('ai:ask', { id })).toMatchObject({ ok: false, error: { code: 'AI_EXCLUDED' } });
    expect(await call('ai:preview', { id })).toMatchObject({ ok: false, error: { code: 'AI_EXCLUDED' } });
    expect(peer.requests).toHaveLength(1);

    expect(await call('inbox:accept', { id, title: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    ok(
      await call('inbox:accept', {
        id,
        title: 'Dental invoice',
        type: 'Medical',
        correspondent: 'Riverside Dental Clinic',
        tags: ['health'],
        documentDate: '2026-09-04',
        total: { value: 80, currency: 'EUR', label: null },
        dueDate: null,
        expiryDate: null,
      }),
    );
    expect(ok(await call('inbox:count'))).toEqual({ count: 0 });
    expect(ok(await call('documents:get', { id }))).toMatchObject({ type: 'Medical', tags: ['health'] });
    await waitFor(async () => counts.at(-1) === 0);

    // Retyping an excluded tag in another case keeps it excluded (a case-sensitive compare once dropped it).
    ok(await call('ai:settings', { excludedTags: ['Medical'] }));
    expect(ok(await call('ai:settings', { excludedTags: ['medical'] }))).toMatchObject({ excludedTags: ['medical'] });
    expect(ok(await call('ai:settings', { excludedTags: [] }))).toMatchObject({ excludedTags: [] });

    expect(ok(await call('ai:disable'))).toMatchObject({ enabled: false, hasKey: false });
  });
});
