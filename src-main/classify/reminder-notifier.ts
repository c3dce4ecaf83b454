/**
 * OS notifications for reminders: once per document, kind and date, when the date
 * comes within the notice period (Preferences → reminder days). Checked at unlock
 * and every hour while the vault is open. The notification itself is the shell's
 * (Electron's Notification); this is plain code, driven by tests with a fake.
 */
import type { Reminder } from '../../src-shared/classify.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { VaultStore } from '../vault/vault-store.js';
import { localToday, markNotified, remindersToNotify } from './reminders.js';

export interface ReminderNotice {
  title: string;
  body: string;
  /** The document a click opens. */
  documentId: string;
}

export type Notify = (notice: ReminderNotice) => void;

const HOUR_MS = 3_600_000;

export function noticeFor(r: Reminder, showTitle: boolean): ReminderNotice {
  const when = r.daysLeft === 0 ? 'today' : r.daysLeft === 1 ? 'tomorrow' : `in ${r.daysLeft} days`;
  const what = r.kind === 'due' ? 'Payment due' : 'Expires';
  // Notifications are drawn by the OS and may show on a locked screen: the title only when the tray may show titles.
  return { title: `${what} ${when}`, body: showTitle ? r.title : 'A document in Lockleaf', documentId: r.id };
}

export class ReminderNotifier {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: VaultStore,
    private readonly settings: () => { reminderDays: number; trayShowTitles: boolean },
    private readonly notify: Notify | undefined,
    private readonly log: Logger = silentLogger,
  ) {}

  start(): void {
    if (!this.notify) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), HOUR_MS);
    this.timer.unref();
  }

  /** Notifies what is newly due and remembers it, so a restart does not notify it again. */
  async check(today = localToday()): Promise<Reminder[]> {
    if (!this.notify) return [];
    try {
      const { reminderDays, trayShowTitles } = this.settings();
      const due = await remindersToNotify(this.store.db.read, today, reminderDays);
      if (!due.length) return [];
      await this.store.db.write((tx) => markNotified(tx, due));
      for (const r of due) this.notify(noticeFor(r, trayShowTitles));
      return due;
    } catch (error) {
      // The vault closed under the check (a lock): nothing to notify until the next unlock.
      this.log.warn({ err: error }, 'reminder check failed');
      return [];
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
