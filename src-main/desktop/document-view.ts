/**
 * Serving a decrypted document to the viewer: `/doc/<token>` on the app's own
 * origin, where the token was issued for one document by `documents:view` and
 * expires after 15 minutes or at lock. Shared by the Electron protocol handler
 * and the Chromium test host, so both answer exactly alike.
 */
import type { Readable } from 'node:stream';
import type { AppSession } from '../ipc/app-session.js';
import { DOC_PATH, DOCUMENT_HEADERS } from './security.js';

export interface DocumentResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | string;
}

export function isDocumentPath(pathname: string): boolean {
  return pathname.startsWith(DOC_PATH);
}

export async function serveDocument(session: AppSession, pathname: string): Promise<DocumentResponse> {
  const refuse = (status: number, text: string): DocumentResponse => ({
    status,
    headers: { ...DOCUMENT_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: text,
  });
  const entry = session.viewTokens.resolve(pathname.slice(DOC_PATH.length));
  if (!entry || !session.status().unlocked) return refuse(403, 'This view has expired. Open the document again.');
  const doc = await session.vault.get(entry.documentId);
  const stream = entry.archive ? await session.vault.openArchive(doc.id) : await session.vault.openContent(doc.id);
  if (!stream) return refuse(404, 'Not found');
  return {
    status: 200,
    headers: { ...DOCUMENT_HEADERS, 'Content-Type': entry.archive ? 'application/pdf' : doc.mime },
    body: stream,
  };
}
