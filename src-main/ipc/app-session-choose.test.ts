/** "Add documents…" through the bridge (dispatch → handlers → AppSession): the chooser's files are queued, never their paths sent back. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';
import type { SessionOptions } from './session-options.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function session(extra: Partial<SessionOptions> = {}) {
  const t = await tempDir();
  const s = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1, ...extra });
  cleanups.push(async () => {
    await s.lock();
    await t.cleanup();
  });
  return { s, handlers: createHandlers(s), dir: t.dir };
}

describe('ingest:choose', () => {
  it('queues each chosen file and says per file queued, duplicate or refused, by name only', async () => {
    let chosen: string[] | undefined;
    const titles: string[] = [];
    const { s, handlers, dir } = await session({
      chooseFiles: async (title) => {
        titles.push(title);
        return chosen;
      },
    });
    await s.create(TEST_PASSPHRASE);
    const pdf = join(dir, 'private folder', 'Water bill.pdf');
    const notes = join(dir, 'private folder', 'notes.txt');
    await mkdir(join(dir, 'private folder'));
    await writeFile(pdf, await textPdf([['Water bill March 2024']]));
    await writeFile(notes, 'just some text, not a document Lockleaf reads');
    const missing = join(dir, 'private folder', 'gone.pdf');
    chosen = [pdf, pdf, notes, missing];

    const result = await dispatch(handlers, 'ingest:choose', undefined);
    expect(titles).toEqual(['Add documents to Lockleaf']);
    expect(result).toMatchObject({
      ok: true,
      value: {
        chosen: true,
        files: [
          { name: 'Water bill.pdf', status: 'queued' },
          { name: 'Water bill.pdf', status: 'duplicate' },
          { name: 'notes.txt', status: 'refused', error: { code: 'UNSUPPORTED_TYPE' } },
          { name: 'gone.pdf', status: 'refused', error: { code: 'FILE_UNREADABLE' } },
        ],
      },
    });
    // The window never learns where the files live.
    expect(JSON.stringify(result)).not.toContain('private folder');
    expect((await s.ingest.queue.list()).map((j) => j.name)).toEqual(['Water bill.pdf']);

    // Cancelled: nothing chosen, nothing queued.
    chosen = undefined;
    expect(await dispatch(handlers, 'ingest:choose', undefined)).toEqual({
      ok: true,
      value: { chosen: false, files: [] },
    });
    // The payload is validated like any other: the window cannot pass a path.
    expect(await dispatch(handlers, 'ingest:choose', { path: pdf })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('answers NOT_AVAILABLE where no chooser exists, and asks nothing while locked', async () => {
    const { s, handlers } = await session();
    await s.create(TEST_PASSPHRASE);
    expect(await dispatch(handlers, 'ingest:choose', undefined)).toMatchObject({
      ok: false,
      error: { code: 'NOT_AVAILABLE' },
    });
    let asked = 0;
    const other = await session({ chooseFiles: async () => (asked++, []) });
    expect(await dispatch(other.handlers, 'ingest:choose', undefined)).toMatchObject({ ok: false });
    expect(asked).toBe(0);
  });
});
