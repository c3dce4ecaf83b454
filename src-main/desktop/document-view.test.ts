import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { serveDocument } from './document-view.js';
import { DOC_PATH } from './security.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function text(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  const parts: Buffer[] = [];
  for await (const p of body as AsyncIterable<Buffer>) parts.push(p);
  return Buffer.concat(parts).toString();
}

describe('document view path', () => {
  it('serves the decrypted document for a live token with safe headers, and refuses unknown or post-lock tokens', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    await session.create(TEST_PASSPHRASE);
    const { id } = await session.vault.add({ bytes: Buffer.from('%PDF-1.4 fake but fine'), name: 'a.pdf' });
    const token = session.viewTokens.issue(id);
    const ok = await serveDocument(session, `${DOC_PATH}${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({
      'Content-Type': 'application/pdf',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store, max-age=0',
    });
    expect(await text(ok.body)).toBe('%PDF-1.4 fake but fine');
    expect((await serveDocument(session, `${DOC_PATH}not-a-token`)).status).toBe(403);
    await session.lock();
    expect((await serveDocument(session, `${DOC_PATH}${token}`)).status).toBe(403);
  });
});
