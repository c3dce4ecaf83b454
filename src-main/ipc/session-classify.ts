/**
 * What an unlocked session runs for the Inbox: on-device suggestions as each
 * document's reading ends, background retraining, and reminder notifications.
 * Kept apart from app-session.ts so the session stays about opening and locking.
 */
import type { AppSettings } from '../../src-shared/settings.js';
import { drainAiQueue } from '../ai/ask-claude.js';
import { ClassifyService } from '../classify/classify-service.js';
import { ReminderNotifier, type Notify } from '../classify/reminder-notifier.js';
import type { IngestQueue } from '../ingest/ingest-queue.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Vault } from '../vault/vault.js';

export interface SessionClassify {
  classify: ClassifyService;
  reminders: ReminderNotifier;
  close(): Promise<void>;
}

export function startClassify(
  vault: Vault,
  queue: IngestQueue,
  /** How many documents wait in the Inbox now (the `inbox:changed` event). */
  onInboxChanged: (count: number) => void,
  settings: () => AppSettings,
  options: { log?: Logger; notify?: Notify | undefined; drainEveryMs?: number },
): SessionClassify {
  const log = options.log ?? silentLogger;
  const classify = new ClassifyService(vault.store, { log });
  const announce = () =>
    void classify
      .count()
      .then(onInboxChanged)
      .catch(() => undefined); // locked meanwhile
  classify.on('changed', announce);
  // A failed reading still enters the Inbox (with what its name and any text give), so nothing waits unseen.
  queue.on('progress', (p) => {
    if (p.state !== 'done' && p.state !== 'failed') return;
    classify.suggest(p.documentId).catch((error: unknown) => log.warn({ err: error }, 'suggestion failed'));
  });
  void classify.start().catch((error: unknown) => log.error({ err: error }, 'classifier did not start'));
  const reminders = new ReminderNotifier(vault.store, settings, options.notify, log);
  reminders.start();
  // Requests for Claude that waited (offline, rate-limited) go when they may: at unlock and every minute.
  let draining: Promise<void> | undefined;
  const drain = () => {
    draining ??= drainAiQueue(vault)
      .then((report) => (report.sent || report.dropped.length ? announce() : undefined))
      .catch((error: unknown) => log.warn({ err: error }, 'queued AI requests not sent'))
      .finally(() => (draining = undefined));
  };
  drain();
  const drainTimer = setInterval(drain, options.drainEveryMs ?? 60_000);
  drainTimer.unref();
  return {
    classify,
    reminders,
    async close() {
      clearInterval(drainTimer);
      reminders.stop();
      await classify.close();
    },
  };
}
