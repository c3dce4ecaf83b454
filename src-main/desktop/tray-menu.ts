/**
 * The tray menu as data: pinned and recent documents, each with "Send to"
 * the recent recipients through the default mailbox. The shell turns this
 * into an Electron Menu; building it and acting on a click are plain Node,
 * so they are tested without Electron.
 *
 * The menu is drawn by the OS, where other apps can read it: titles are shown
 * only while the vault is open, and not at all with `trayShowTitles` off. A
 * send from the tray is one click away from a mis-click, so it is confirmed
 * first (a message box; an "Undo" notification would need notification
 * buttons, which Electron has only on macOS).
 */
import { randomUUID } from 'node:crypto';
import type { Reminder } from '../../src-shared/classify.js';
import type { DocumentSummary } from '../../src-shared/documents.js';
import { listReminders, localToday } from '../classify/reminders.js';
import type { OutboxItem } from '../../src-shared/mail.js';
import type { AppSession } from '../ipc/app-session.js';

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'lock' }
  | { kind: 'quit' }
  | { kind: 'openDocument'; documentId: string }
  | { kind: 'send'; documentId: string; to: string };

export type TrayEntry =
  { type: 'separator' } | { label: string; enabled?: boolean; action?: TrayAction; submenu?: TrayEntry[] };

const MAX_DOCS = 5;
const MAX_RECIPIENTS = 5;
const SEPARATOR: TrayEntry = { type: 'separator' };

function shorten(text: string, max = 48): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function documentEntry(
  doc: DocumentSummary,
  label: string,
  recipients: string[],
  mailbox: string | undefined,
): TrayEntry {
  const send: TrayEntry[] = !mailbox
    ? [{ label: 'Connect a mailbox in Settings to send', enabled: false }]
    : recipients.length === 0
      ? [{ label: 'Send from the window once; recipients appear here', enabled: false }]
      : recipients.map((to) => ({ label: `Send to ${to}`, action: { kind: 'send', documentId: doc.id, to } as const }));
  return {
    label,
    submenu: [
      { label: 'Open', action: { kind: 'openDocument', documentId: doc.id } },
      SEPARATOR,
      ...(mailbox ? [{ label: `via ${mailbox}`, enabled: false }] : []),
      ...send,
    ],
  };
}

/** "due in 3 days", "expired 2 days ago": how a reminder reads in the tray. */
export function reminderWhen(r: Reminder): string {
  const verb = r.kind === 'due' ? 'due' : r.daysLeft < 0 ? 'expired' : 'expires';
  if (r.daysLeft === 0) return `${verb} today`;
  if (r.daysLeft === 1) return `${verb} tomorrow`;
  return r.daysLeft > 0 ? `${verb} in ${r.daysLeft} days` : `${verb} ${-r.daysLeft} days ago`;
}

export async function buildTrayMenu(session: AppSession): Promise<TrayEntry[]> {
  const head: TrayEntry[] = [{ label: 'Open Lockleaf', action: { kind: 'open' } }, SEPARATOR];
  const tail: TrayEntry[] = [SEPARATOR, { label: 'Quit', action: { kind: 'quit' } }];
  if (!session.status().unlocked)
    return [...head, { label: 'Locked: open Lockleaf to unlock', enabled: false }, ...tail];

  const [pinned, latest, recipients, mailboxes, inboxCount, due] = await Promise.all([
    session.vault.list({ pinned: true, limit: MAX_DOCS }),
    session.vault.list({ limit: MAX_DOCS * 2 }),
    session.mail.recentRecipients(MAX_RECIPIENTS),
    session.mail.list(),
    session.inbox.classify.count(),
    listReminders(session.vault.store.db.read, { today: localToday(), days: session.settings.reminderDays }),
  ]);
  const usable = mailboxes.find((m) => m.isDefault && m.status === 'ok');
  const pinnedIds = new Set(pinned.map((d) => d.id));
  const recent = latest.filter((d) => !pinnedIds.has(d.id)).slice(0, MAX_DOCS);
  // Without titles, documents are numbered down the menu: "Document 1", "Document 2"…
  let shown = 0;
  const label = (doc: DocumentSummary) => {
    shown += 1;
    return session.settings.trayShowTitles ? shorten(doc.title) : `Document ${shown}`;
  };
  const section = (title: string, docs: DocumentSummary[]): TrayEntry[] =>
    docs.length
      ? [{ label: title, enabled: false }, ...docs.map((d) => documentEntry(d, label(d), recipients, usable?.name))]
      : [];
  const docs = [...section('Pinned', pinned), ...section('Recent', recent)];
  // Without titles, a reminder says only when ("Due in 3 days"); numbering it would clash with the documents above.
  const dueEntries: TrayEntry[] = due.slice(0, MAX_DOCS).map((r) => ({
    label: session.settings.trayShowTitles
      ? `${shorten(r.title, 36)}: ${reminderWhen(r)}`
      : `${reminderWhen(r).charAt(0).toUpperCase()}${reminderWhen(r).slice(1)}`,
    action: { kind: 'openDocument', documentId: r.id },
  }));
  return [
    ...head,
    ...(inboxCount ? [{ label: `Inbox: ${inboxCount} to review`, action: { kind: 'open' } } as const, SEPARATOR] : []),
    ...(dueEntries.length ? [{ label: 'Due soon', enabled: false }, ...dueEntries, SEPARATOR] : []),
    ...(docs.length ? docs : [{ label: 'No documents yet', enabled: false }]),
    SEPARATOR,
    { label: 'Lock', action: { kind: 'lock' } },
    ...tail,
  ];
}

/** The question asked before a tray send; the shell shows it as a message box whose default answer is `cancel`. */
export interface SendConfirmation {
  message: string;
  detail: string;
  confirm: string;
  cancel: string;
}

/** Resolves true only when the user chose to send. */
export type ConfirmSend = (question: SendConfirmation) => Promise<boolean>;

/**
 * Runs the part of a click that is not window management: asks, then queues
 * the send through the default mailbox. Undefined when the user cancelled.
 */
export async function sendFromTray(
  session: AppSession,
  action: Extract<TrayAction, { kind: 'send' }>,
  confirm: ConfirmSend,
): Promise<OutboxItem | undefined> {
  const [doc, mailboxes] = await Promise.all([session.vault.get(action.documentId), session.mail.list()]);
  const mailbox = mailboxes.find((m) => m.isDefault);
  // The dialog names the document even with titles hidden in the menu: it is shown only after a click, and says what leaves the vault.
  const question: SendConfirmation = {
    message: `Send “${shorten(doc.title, 80)}” to ${action.to}?`,
    detail: `The document leaves the vault decrypted, attached to an email${mailbox ? ` from ${mailbox.name}` : ''}.`,
    confirm: 'Send',
    cancel: 'Cancel',
  };
  if (!(await confirm(question))) return undefined;
  // A fresh idempotency key per confirmed click: one message, however often the outbox retries it.
  return session.mail.send({ documentIds: [action.documentId], to: [action.to], idempotencyKey: randomUUID() });
}

/** The notification after a tray send; it stays in the OS's notification history, so it names the document only when titles are shown. */
export function sendingNotice(item: OutboxItem, to: string, showTitles: boolean): string {
  return showTitles ? `Sending "${item.subject}" to ${to}` : `Sending a document to ${to}`;
}

/** The notification when a tray send is refused: its reason can name the document ("… is in the trash"), so only when titles are shown. */
export function notSentNotice(error: Error, showTitles: boolean): string {
  return showTitles ? error.message : 'The document was not sent. Open Lockleaf to see why.';
}
