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

export async function composeMessage(vault: Vault, input: ComposeInput): Promise<Buffer> {
  const attachments = [];
  for (const id of input.documentIds) {
    const doc = await vault.get(id);
    attachments.push({ filename: doc.originalName, contentType: doc.mime, content: await vault.readContent(id) });
  }
  const composer = new MailComposer({
    ...(input.from ? { from: input.from } : {}),
    to: input.to,
    subject: input.subject,
    text: input.body,
    messageId: input.messageId,
    attachments,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  for (const a of attachments) a.content.fill(0);
  return raw;
}

/** Subject and body a user would write, from the documents' titles. */
export function defaultSubjectAndBody(titles: string[]): { subject: string; body: string } {
  const subject = titles.length === 1 ? titles[0]! : `${titles.length} documents: ${titles.join(', ')}`.slice(0, 200);
  const body = `Please find attached:\n${titles.map((t) => `- ${t}`).join('\n')}\n\nSent with Lockleaf.`;
  return { subject, body };
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
