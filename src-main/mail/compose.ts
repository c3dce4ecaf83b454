/**
 * Building the MIME message in memory: documents are decrypted into buffers,
 * never files, and nodemailer's composer is told it may not read files or
 * fetch URLs. The Message-ID is fixed when the message is queued, so every
 * retry carries the same one (receiving mailboxes that see it twice keep one).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Vault } from '../vault/vault.js';

export interface ComposeInput {
  from?: string;
  to: string[];
  subject: string;
  body: string;
  documentIds: string[];
  messageId: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ComposedMessage {
  /** The whole MIME message. */
  raw: Buffer;
  /** The same message (headers, Message-ID, text) without its attachments, for an API that takes them one by one; built only when asked. */
  bare: () => Promise<Buffer>;
  /** The decrypted documents; `wipe` zeroes them once the message is sent or given up. */
  attachments: MailAttachment[];
}

export async function composeMessage(vault: Vault, input: ComposeInput): Promise<ComposedMessage> {
  const attachments: MailAttachment[] = [];
  for (const id of input.documentIds) {
    const doc = await vault.get(id);
    attachments.push({ filename: doc.originalName, contentType: doc.mime, content: await vault.readContent(id) });
  }
  const build = (withAttachments: MailAttachment[]) =>
    new MailComposer({
      ...(input.from ? { from: input.from } : {}),
      to: input.to,
      subject: input.subject,
      text: input.body,
      messageId: input.messageId,
      attachments: withAttachments,
      disableFileAccess: true,
      disableUrlAccess: true,
    })
      .compile()
      .build();
  return { raw: await build(attachments), bare: () => build([]), attachments };
}

export function wipe(message: ComposedMessage): void {
  for (const a of message.attachments) a.content.fill(0);
  message.raw.fill(0);
}

/**
 * The size the composed message will have, from the documents' sizes, without
 * decrypting them: base64 turns 3 bytes into 4 and breaks lines every 76
 * characters; headers and the text part are counted generously. Used to refuse
 * an oversized message when it is queued; the outbox builds the real one.
 */
export function estimateMessageSize(input: {
  subject: string;
  body: string;
  to: string[];
  attachments: { name: string; size: number }[];
}): number {
  const base64 = (n: number) => Math.ceil(n / 3) * 4 * (78 / 76);
  const headers = 1024 + Buffer.byteLength(input.subject) * 2 + input.to.join(', ').length;
  const text = base64(Buffer.byteLength(input.body)) + 256;
  return Math.ceil(
    headers +
      text +
      input.attachments.reduce((sum, a) => sum + base64(a.size) + 256 + Buffer.byteLength(a.name) * 2, 0),
  );
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
