/** What the window may know about mailboxes and the outbox: names and states, never credentials. */
export const mailboxKinds = ['smtp', 'gmail', 'microsoft'] as const;
export type MailboxKind = (typeof mailboxKinds)[number];

export interface MailboxSummary {
  id: string;
  name: string;
  kind: MailboxKind;
  address: string;
  status: 'ok' | 'auth_revoked';
  isDefault: boolean;
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxItem {
  id: string;
  mailbox: string;
  to: string[];
  subject: string;
  documentIds: string[];
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  error?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

export interface SendRequest {
  documentIds: string[];
  to: string[];
  subject?: string;
  body?: string;
  /** Mailbox name; the default mailbox when absent. */
  mailbox?: string;
  /** The same key twice is one message (a double click, a retried call). */
  idempotencyKey?: string;
}

/** Subject and body a user would write, from the documents' titles: the window's Send form and a send without them (the tray) say the same. */
export function defaultSubjectAndBody(titles: string[]): { subject: string; body: string } {
  const subject = titles.length === 1 ? titles[0]! : `${titles.length} documents: ${titles.join(', ')}`.slice(0, 200);
  const body = `Please find attached:\n${titles.map((t) => `- ${t}`).join('\n')}\n\nSent with Lockleaf.`;
  return { subject, body };
}
