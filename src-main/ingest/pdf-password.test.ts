/**
 * A password-protected PDF through the queue: it fails asking for its password,
 * a wrong one says so and can be typed again, the right one has its pages read.
 * The password is in no log line, no database row and no job error, and the
 * stored original is the encrypted file as it came.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { OcrEngine } from './page-pipeline.js';
import { tempVault } from '../vault/test-support.js';
import { DEFAULT_LIMITS } from './intake.js';
import { IngestQueue } from './ingest-queue.js';
import { encryptedPdf } from './test-fixtures.js';

const PASSWORD = 'Tangerine-Kestrel-42';
const TEXT = 'Quarterly statement of the Zanzibar savings account';

// A text-layer PDF needs no OCR: an engine that is never asked.
const noOcr: OcrEngine = {
  size: 1,
  recognize: () => Promise.reject(new Error('OCR not expected')),
  orientation: () => Promise.resolve(null),
};

let t: Awaited<ReturnType<typeof tempVault>>;
let queue: IngestQueue;
let lines: string[];
beforeEach(async () => {
  t = await tempVault();
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  queue = new IngestQueue(t.vault, noOcr, DEFAULT_LIMITS, createLogger({ level: 'trace', destination: sink }));
  queue.start();
});
afterEach(async () => {
  await queue.stop();
  await t.cleanup();
});

/** Every value of every row of every table, as text: where a leaked password would show. */
async function everyRow(): Promise<string> {
  const db = t.vault.store.db.read;
  const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
  let all = '';
  for (const { name } of tables) {
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM "${name}"`);
    for (const row of rows)
      for (const value of Object.values(row))
        all += Buffer.isBuffer(value) ? value.toString('latin1') : `${String(value)}\n`;
  }
  return all;
}

describe('password-protected PDFs', () => {
  it('asks for the password, says when it is wrong, and reads the pages with the right one', async () => {
    const original = await encryptedPdf(TEXT, { user: PASSWORD, owner: 'the owner password 9' });
    const result = await queue.enqueue({ bytes: original, name: 'statement.pdf' });
    if (result.status !== 'queued') throw new Error('expected a queued job');
    await queue.idle();
    const job = async () => (await queue.list()).find((j) => j.id === result.jobId)!;
    expect(await job()).toMatchObject({ state: 'failed', error: { code: 'PDF_ENCRYPTED' } });

    // Plain Retry fails the same way: nothing changed.
    await queue.retry(result.jobId);
    await queue.idle();
    expect(await job()).toMatchObject({ state: 'failed', error: { code: 'PDF_ENCRYPTED' } });

    await queue.unlockPdf(result.jobId, 'not the password');
    await queue.idle();
    expect(await job()).toMatchObject({
      state: 'failed',
      error: { code: 'PDF_WRONG_PASSWORD', message: expect.stringMatching(/not the password of this PDF/) },
    });

    // A wrong one can be followed by the right one.
    await queue.unlockPdf(result.jobId, PASSWORD);
    await queue.idle();
    const done = await job();
    expect(done).toMatchObject({ state: 'done', pagesTotal: 1, pagesDone: 1, error: null });
    const doc = await t.vault.get(result.documentId);
    expect(doc.pages.map((p) => p.text)).toEqual([TEXT]);
    expect((await t.vault.search('zanzibar')).map((h) => h.id)).toEqual([result.documentId]);

    // The original is kept encrypted, byte for byte as it came.
    expect(Buffer.compare(await t.vault.readContent(result.documentId), original)).toBe(0);

    // A job that is done takes no password any more.
    await expect(queue.unlockPdf(result.jobId, PASSWORD)).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(PASSWORD);
    expect(await everyRow()).not.toContain(PASSWORD);
    expect(JSON.stringify(await queue.list())).not.toContain(PASSWORD);
  });

  it('refuses a password for a job that did not fail for want of one', async () => {
    await expect(queue.unlockPdf('00000000-0000-4000-8000-000000000000', PASSWORD)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
  });
});
