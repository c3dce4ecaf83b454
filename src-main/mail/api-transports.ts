/**
 * The two HTTP send APIs. Both take the MIME message nodemailer built:
 * Gmail as `message/rfc822` on its media-upload endpoint, Graph as base64 text
 * on `sendMail`. A 401 gets one retry with a freshly refreshed token.
 */
import type { Logger } from '../log/logger.js';
import type { TokenSource } from './oauth/token-source.js';
import type { OAuthProvider } from './oauth/providers.js';
import { httpSendError, transient } from './send-error.js';
import type { MailTransport, OutgoingMessage } from './transport.js';

interface ApiRequest {
  url: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer> | string;
}

async function post(label: string, request: ApiRequest, token: string): Promise<Response> {
  try {
    return await fetch(request.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': request.contentType },
      body: request.body,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw transient(`${label} is not reachable right now; will retry.`, undefined, error);
  }
}

function apiTransport(label: string, provider: OAuthProvider, tokens: TokenSource, log: Logger, build: (m: OutgoingMessage) => ApiRequest): MailTransport {
  return {
    label,
    maxBytes: provider.maxBytes,
    async send(message) {
      const request = build(message);
      let response = await post(label, request, await tokens.accessToken());
      if (response.status === 401) {
        log.debug({ provider: label }, 'access token refused; refreshing once');
        response = await post(label, request, await tokens.accessToken(true));
      }
      const text = await response.text();
      if (!response.ok) {
        let detail = text;
        try {
          detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
        } catch {
          // Not JSON: keep the text.
        }
        throw httpSendError(label, response.status, response.headers.get('retry-after'), detail);
      }
      const id = text ? ((JSON.parse(text) as { id?: string }).id ?? undefined) : undefined;
      return id ? { providerId: id } : {};
    },
    close() {},
  };
}

export function gmailTransport(provider: OAuthProvider, tokens: TokenSource, log: Logger): MailTransport {
  return apiTransport('Gmail', provider, tokens, log, (m) => ({
    url: new URL('/upload/gmail/v1/users/me/messages/send?uploadType=media', provider.apiBase).href,
    contentType: 'message/rfc822',
    body: new Uint8Array(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength) as Uint8Array<ArrayBuffer>,
  }));
}

export function graphTransport(provider: OAuthProvider, tokens: TokenSource, log: Logger): MailTransport {
  return apiTransport('Microsoft 365', provider, tokens, log, (m) => ({
    url: new URL('/v1.0/me/sendMail', provider.apiBase).href,
    contentType: 'text/plain',
    body: m.raw.toString('base64'),
  }));
}
