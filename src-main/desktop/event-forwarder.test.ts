import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { createLogger } from '../log/logger.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { forwardSessionEvents } from './event-forwarder.js';
import { FakeWindow } from './test-window.js';
import { WindowSlot } from './window-slot.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('session events to the window', () => {
  it('reach the open window, are dropped while it is closed, and never break the work that emits them', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    const slot = new WindowSlot(() => new FakeWindow());
    forwardSessionEvents(session, () => slot.current, createLogger({ level: 'silent' }));

    const first = slot.ensure();
    await session.create(TEST_PASSPHRASE);
    expect(first.sent.map(([channel]) => channel)).toEqual(['vault:unlocked']);

    // macOS: the window is closed, the app (tray, outbox, ingest) goes on.
    first.close();
    const queued = await session.ingest.queue.enqueue({
      bytes: await textPdf([['Tenancy agreement']]),
      name: 'lease.pdf',
    });
    await session.ingest.queue.idle();
    if (queued.status !== 'queued') throw new Error('expected a queued job');
    expect((await session.ingest.queue.list()).find((j) => j.id === queued.jobId)).toMatchObject({
      state: 'done',
      error: null,
    });
    const doc = await session.vault.get(queued.documentId);
    expect(doc.pages.map((p) => p.text)).toEqual(['Tenancy agreement']);
    expect(() => session.emit('documents:open', { id: doc.id })).not.toThrow();
    expect(first.sent).toHaveLength(1);

    const second = slot.ensure();
    session.emit('documents:changed', { ids: [doc.id] });
    expect(second.sent).toEqual([['documents:changed', { ids: [doc.id] }]]);
  });
});
