import { mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../src-shared/errors.js';
import type { EnqueueResult } from '../../src-shared/ingest.js';
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

/** A polling inbox over a real vault and queue; `wrap` may stand between the watcher and the queue. */
async function inboxSetup(
  wrap?: (queue: ReturnType<typeof createIngest>['queue']) => ConstructorParameters<typeof InboxWatcher>[1],
) {
  const t = await tempVault();
  const inbox = join(t.root, 'inbox');
  await mkdir(inbox);
  const ingest = createIngest(t.vault, { dataDir: join(t.root, 'ocr'), workers: 1 });
  const watcher = new InboxWatcher(inbox, wrap ? wrap(ingest.queue) : ingest.queue, {
    poll: true,
    intervalMs: 100,
    settleMs: 300,
  });
  const events: (
    { kind: 'stored'; result: EnqueueResult; removed: boolean } | { kind: 'refused'; error: ErrorData }
  )[] = [];
  watcher.on('stored', ({ result, removed }) => events.push({ kind: 'stored', result, removed }));
  watcher.on('refused', ({ error }) => events.push({ kind: 'refused', error }));
  cleanup = async () => {
    await watcher.stop();
    await ingest.close();
    await t.cleanup();
  };
  watcher.start();
  await new Promise<void>((r) => watcher.once('ready', () => r()));
  return { t, inbox, events };
}

describe('watched inbox deletes only what it stored', () => {
  it('leaves a copy of a trashed document in the folder, with the reason', async () => {
    const { t, inbox, events } = await inboxSetup();
    const bytes = await textPdf([['Lease agreement, trashed by mistake']]);
    const doc = await t.vault.add({ bytes, name: 'lease.pdf' });
    await t.vault.trash(doc.id);
    await writeFile(join(inbox, 'lease.pdf'), bytes);
    await until(async () => events.length === 1);

    expect(events[0]).toMatchObject({ kind: 'refused', error: { code: 'DUPLICATE_DOCUMENT' } });
    expect(await readdir(inbox)).toEqual(['lease.pdf']);
    expect(await t.vault.list({ scope: 'trash' })).toHaveLength(1);
  });

  it('does not follow a symbolic link: the link stays, refused, and nothing it points to is stored', async () => {
    const { t, inbox, events } = await inboxSetup();
    const outside = join(t.root, 'private.pdf');
    await writeFile(outside, await textPdf([['Not meant for the vault']]));
    await symlink(outside, join(inbox, 'link.pdf'));
    await until(async () => events.length === 1);

    expect(events[0]).toMatchObject({
      kind: 'refused',
      error: { code: 'FILE_UNREADABLE', message: expect.stringMatching(/symbolic link/) },
    });
    expect(await readdir(inbox)).toEqual(['link.pdf']);
    expect(await t.vault.list()).toEqual([]);
  });

  it('keeps a file swapped in at the same path between storing and unlinking, and takes it in turn', async () => {
    let swapIn: (() => Promise<void>) | undefined;
    const { t, inbox, events } = await inboxSetup((queue) => ({
      limits: queue.limits,
      enqueue: async (input) => {
        const result = await queue.enqueue(input);
        const swap = swapIn;
        swapIn = undefined;
        await swap?.();
        return result;
      },
    }));
    const first = await textPdf([['First scan of the day']]);
    const second = await textPdf([['Second scan, same file name']]);
    await writeFile(join(t.root, 'second.pdf'), second);
    swapIn = () => rename(join(t.root, 'second.pdf'), join(inbox, 'scan.pdf'));
    await writeFile(join(inbox, 'scan.pdf'), first);
    await until(async () => (await readdir(inbox)).length === 0);

    const stored = await Promise.all((await t.vault.list()).map((d) => t.vault.readContent(d.id)));
    expect(stored.map((b) => b.toString('latin1')).sort()).toEqual(
      [first, second].map((b) => Buffer.from(b).toString('latin1')).sort(),
    );
    expect(events.filter((e) => e.kind === 'stored').map((e) => e.kind === 'stored' && e.removed)).toEqual([
      false,
      true,
    ]);
  });
});
