/**
 * How a send failed, as the outbox needs to know it: a named code for the
 * user, and whether trying again later can help (offline, rate limited,
 * provider hiccup) or cannot (bad address, revoked access, too large).
 */
import type { ErrorCode } from '../../src-shared/errors.js';
import { LockleafError } from '../errors.js';

export class MailSendError extends LockleafError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, undefined, options);
  }
}

export const transient = (message: string, retryAfterMs?: number, cause?: unknown) =>
  new MailSendError('MAIL_UNAVAILABLE', message, false, retryAfterMs, { cause });

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Maps an HTTP send API's answer (Gmail, Graph) to a MailSendError. */
export function httpSendError(
  provider: string,
  status: number,
  retryAfter: string | null,
  detail: string,
): MailSendError {
  const said = detail ? ` (${provider} said: ${detail.slice(0, 200)})` : '';
  if (status === 429)
    return new MailSendError(
      'MAIL_UNAVAILABLE',
      `${provider} is rate limiting sends; will retry${said}.`,
      false,
      retryAfterMs(retryAfter) ?? 60_000,
    );
  if (status >= 500)
    return new MailSendError(
      'MAIL_UNAVAILABLE',
      `${provider} is unavailable (HTTP ${status}); will retry${said}.`,
      false,
      retryAfterMs(retryAfter),
    );
  if (status === 401)
    return new MailSendError(
      'MAIL_AUTH_FAILED',
      `${provider} did not accept the sign-in; reconnect the mailbox${said}.`,
      true,
    );
  if (status === 403)
    return new MailSendError(
      'MAIL_AUTH_FAILED',
      `${provider} refused: the mailbox is not allowed to send${said}.`,
      true,
    );
  if (status === 413)
    return new MailSendError('MAIL_TOO_LARGE', `${provider} refused the message as too large${said}.`, true);
  if (/recipient|address|To header/i.test(detail))
    return new MailSendError('MAIL_RECIPIENT_REJECTED', `${provider} rejected a recipient${said}.`, true);
  return new MailSendError('MAIL_REJECTED', `${provider} rejected the message (HTTP ${status})${said}.`, true);
}
