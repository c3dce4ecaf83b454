import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from '../vault/test-support.js';
import { InboxWatcher } from './inbox-watcher.js';
import { createIngest } from './ingest-service.js';
import { textPdf } from './test-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

const until = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('watched inbox (polling)', () => {
  it('ingests new files, removes them once stored, and leaves refused files with a reason', async () => {
    const t = await tempVault();
    const inbox = join(t.root, 'inbox');
    await mkdir(inbox);
    const ingest = createIngest(t.vault, { dataDir: join(t.root, 'ocr'), workers: 1 });
    const watcher = new InboxWatcher(inbox, ingest.queue, { poll: true, intervalMs: 100, settleMs: 300 });
    const refused: string[] = [];
    watcher.on('refused', ({ error }) => refused.push(error.code));
    cleanup = async () => {
      await watcher.stop();
      await ingest.close();
      await t.cleanup();
    };
    ingest.queue.start();
    watcher.start();
    await new Promise<void>((r) => watcher.once('ready', () => r()));

    await writeFile(join(inbox, 'from-scanner.pdf'), await textPdf([['Scanner delivered this invoice']]));
    await writeFile(join(inbox, 'notes.txt'), 'not a document');
    await writeFile(join(inbox, '.partial-upload.pdf'), 'still being written');
    await until(async () => (await readdir(inbox)).length === 2 && refused.length === 1);
    await ingest.queue.idle();

    expect((await readdir(inbox)).sort()).toEqual(['.partial-upload.pdf', 'notes.txt']);
    expect(refused).toEqual(['UNSUPPORTED_TYPE']);
    expect((await t.vault.search('scanner invoice')).length).toBe(1);
  });
});
