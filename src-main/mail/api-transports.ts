/**
 * The two HTTP send APIs. Both take the MIME message nodemailer built:
 * Gmail as `message/rfc822` on its media-upload endpoint, Graph as base64 text
 * on `sendMail`. A 401 gets one retry with a freshly refreshed token.
 *
 * Graph's `sendMail` takes at most 4 MB of request, so a larger message goes
 * the long way: a draft made from the message without its attachments, each
 * attachment added to it (those of 3 MB or more through an upload session, in
 * chunks), then the draft sent. A draft left by a failure is deleted.
 */
import type { Logger } from '../log/logger.js';
import type { MailAttachment } from './compose.js';
import type { TokenSource } from './oauth/token-source.js';
import type { OAuthProvider } from './oauth/providers.js';
import { httpSendError, MailSendError, transient } from './send-error.js';
import type { MailTransport, OutgoingMessage } from './transport.js';

interface ApiRequest {
  url: string;
  contentType?: string;
  body?: Uint8Array<ArrayBuffer> | string;
}

/**
 * The largest MIME message `sendMail` takes: Graph's requests are limited to
 * 4 MB, and base64 makes 3 bytes 4 (decimal MB, the stricter reading).
 */
export const GRAPH_SENDMAIL_MAX_BYTES = 3_000_000;
/** Attachments from this size on go through an upload session (Graph's own threshold); smaller ones fit a 4 MB JSON request. */
const UPLOAD_SESSION_FROM = 3_000_000;
/** Upload chunks: Graph wants multiples of 320 KiB, under 4 MB each. */
export const GRAPH_CHUNK_BYTES = 10 * 320 * 1024;

/** A fetch whose network failure (offline, refused) becomes a transient send error, retried later by the outbox. */
async function fetchOrTransient(label: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw transient(`${label} is not reachable right now; will retry.`, undefined, error);
  }
}

async function failed(label: string, response: Response): Promise<never> {
  const text = await response.text();
  let detail = text;
  try {
    detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    // Not JSON: keep the text.
  }
  throw httpSendError(label, response.status, response.headers.get('retry-after'), detail);
}

/** One authorised API call; its JSON answer, or {} when it has none. */
async function call(
  label: string,
  tokens: TokenSource,
  log: Logger,
  request: ApiRequest,
): Promise<Record<string, unknown>> {
  const send = async (token: string) =>
    fetchOrTransient(label, request.url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
      },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  let response = await send(await tokens.accessToken());
  if (response.status === 401) {
    log.debug({ provider: label }, 'access token refused; refreshing once');
    response = await send(await tokens.accessToken(true));
  }
  if (!response.ok) return failed(label, response);
  const text = await response.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>;

export function gmailTransport(provider: OAuthProvider, tokens: TokenSource, log: Logger): MailTransport {
  return {
    label: 'Gmail',
    maxBytes: provider.maxBytes,
    async send(m) {
      const url = new URL('/upload/gmail/v1/users/me/messages/send?uploadType=media', provider.apiBase).href;
      const { id } = await call('Gmail', tokens, log, { url, contentType: 'message/rfc822', body: bytes(m.raw) });
      return typeof id === 'string' ? { providerId: id } : {};
    },
    close() {},
  };
}

/** The largest message a Microsoft 365 mailbox sends: sendMail's limit, unless it was granted the right to build drafts. */
export function graphMaxBytes(provider: OAuthProvider, canDraft: boolean): number {
  return canDraft ? provider.maxBytes : GRAPH_SENDMAIL_MAX_BYTES;
}

export const graphNeedsDraftsMessage = (name: string) =>
  `${name} can send messages up to 3 MB with the permission it has (Mail.Send). For larger ones, connect it again and allow large messages, which asks Microsoft for Mail.ReadWrite; or send fewer or smaller documents.`;

/** `canDraft`: the grant includes Mail.ReadWrite, which Graph requires for the draft route large messages take. */
export function graphTransport(
  provider: OAuthProvider,
  tokens: TokenSource,
  log: Logger,
  canDraft: boolean,
  name: string,
): MailTransport {
  const label = 'Microsoft 365';
  const api = (path: string) => new URL(`/v1.0/me/${path}`, provider.apiBase).href;
  const json = (url: string, body: unknown) =>
    call(label, tokens, log, { url, contentType: 'application/json', body: JSON.stringify(body) });

  async function attach(messageId: string, a: MailAttachment): Promise<void> {
    const base = `messages/${encodeURIComponent(messageId)}/attachments`;
    if (a.content.length < UPLOAD_SESSION_FROM) {
      await json(api(base), {
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: a.filename,
        contentType: a.contentType,
        contentBytes: a.content.toString('base64'),
      });
      return;
    }
    const session = await json(api(`${base}/createUploadSession`), {
      AttachmentItem: { attachmentType: 'file', name: a.filename, size: a.content.length, contentType: a.contentType },
    });
    if (typeof session.uploadUrl !== 'string') throw transient(`${label} did not open an upload session; will retry.`);
    const total = a.content.length;
    for (let start = 0; start < total; start += GRAPH_CHUNK_BYTES) {
      const end = Math.min(total, start + GRAPH_CHUNK_BYTES);
      // The upload URL carries its own authorisation: Graph refuses a bearer token on it.
      const response = await fetchOrTransient(label, session.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${end - 1}/${total}` },
        body: bytes(a.content.subarray(start, end)),
      });
      if (!response.ok) await failed(label, response);
      await response.arrayBuffer();
    }
  }

  /** Deletes a draft; true once it is gone (also when it already was). */
  async function discard(id: string): Promise<boolean> {
    try {
      const response = await fetchOrTransient(label, api(`messages/${encodeURIComponent(id)}`), {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${await tokens.accessToken()}` },
      });
      await response.arrayBuffer();
      if (response.ok || response.status === 404) return true;
      log.warn({ status: response.status }, 'could not delete the draft of an unfinished send');
    } catch (error) {
      log.warn({ err: error }, 'could not delete the draft of an unfinished send');
    }
    return false;
  }

  async function sendLarge(m: OutgoingMessage): Promise<void> {
    // An attempt cut off by a quit or crash left its draft: no copies in the user's Drafts.
    if (m.draft?.previous && (await discard(m.draft.previous))) await m.draft.record(null);
    const draft = await call(label, tokens, log, {
      url: api('messages'),
      contentType: 'text/plain',
      body: (await m.bare()).toString('base64'),
    });
    if (typeof draft.id !== 'string') throw transient(`${label} did not create the message; will retry.`);
    await m.draft?.record(draft.id);
    try {
      for (const a of m.attachments) await attach(draft.id, a);
      await call(label, tokens, log, { url: api(`messages/${encodeURIComponent(draft.id)}/send`) });
    } catch (error) {
      // No half-built drafts left in the user's mailbox; the next attempt starts again.
      if (await discard(draft.id)) await m.draft?.record(null);
      throw error;
    }
    await m.draft?.record(null);
  }

  return {
    label,
    maxBytes: graphMaxBytes(provider, canDraft),
    async send(m) {
      if (m.raw.length > GRAPH_SENDMAIL_MAX_BYTES && !canDraft)
        throw new MailSendError('MAIL_TOO_LARGE', graphNeedsDraftsMessage(name), true);
      if (m.raw.length > GRAPH_SENDMAIL_MAX_BYTES) await sendLarge(m);
      else
        await call(label, tokens, log, {
          url: api('sendMail'),
          contentType: 'text/plain',
          body: m.raw.toString('base64'),
        });
      return {};
    },
    close() {},
  };
}
