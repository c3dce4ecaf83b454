import type { MailAttachment } from './compose.js';

/** One way out for a composed message: SMTP, the Gmail API or Microsoft Graph. */
export interface OutgoingMessage {
  /** Envelope sender; empty for API providers, which send as the signed-in user. */
  from: string;
  to: string[];
  raw: Buffer;
  /** The message without its attachments (built on demand), and the attachments: Graph takes a large message's one by one. */
  bare: () => Promise<Buffer>;
  attachments: MailAttachment[];
  /**
   * For a provider that builds the message as a draft: the draft an earlier,
   * cut-off attempt left (to delete first), and where to note the current one.
   */
  draft?: { previous: string | null; record(id: string | null): Promise<void> };
}

export interface MailTransport {
  /** Human name for messages ("Gmail", "smtp.example.com"). */
  readonly label: string;
  /** The largest raw MIME message the provider takes. */
  readonly maxBytes: number;
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
  close(): void;
}
