/**
 * SMTP through nodemailer: TLS always (implicit, or STARTTLS required), TLS
 * 1.2 at least, certificates verified unless the user explicitly allowed a
 * self-signed local server. Nodemailer's own protocol log goes to our
 * redacting logger; it already hides AUTH payloads, and the scrubber catches
 * anything else.
 */
import { isIP } from 'node:net';
import { format } from 'node:util';
import nodemailer from 'nodemailer';
import type { Logger } from '../log/logger.js';
import type { SmtpSettings } from './mailbox-repo.js';
import { MailSendError, transient } from './send-error.js';
import type { MailTransport, OutgoingMessage } from './transport.js';

export const SMTP_DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; cause?: unknown };

function causeCode(error: SmtpError): string | undefined {
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code ?? (error as { reason?: string }).reason;
}

/** Turns nodemailer's errors into named, user-readable ones. */
export function smtpError(error: SmtpError, host: string): MailSendError {
  const code = error.code;
  const inner = causeCode(error) ?? '';
  const text = `${error.message} ${inner}`;
  if (CERT_CODES.has(inner) || /self[- ]signed|certificate/i.test(text)) {
    return new MailSendError(
      'MAIL_CERTIFICATE_INVALID',
      `${host}'s TLS certificate is not trusted (${inner || 'verification failed'}). If this is your own server with a self-signed certificate, add the mailbox again with --allow-self-signed.`,
      true,
      undefined,
      { cause: error },
    );
  }
  if (code === 'EAUTH') {
    return new MailSendError('MAIL_AUTH_FAILED', `${host} did not accept the user name or password.`, true, undefined, {
      cause: error,
    });
  }
  if (
    /protocol|version|handshake|ssl|tls|STARTTLS/i.test(text) &&
    (code === 'ETLS' || code === 'ESOCKET' || code === 'ECONNECTION' || code === 'EPROTOCOL')
  ) {
    return new MailSendError(
      'MAIL_TLS_FAILED',
      `Could not set up a secure (TLS 1.2 or newer) connection to ${host}: ${error.message}`,
      true,
      undefined,
      { cause: error },
    );
  }
  const status = error.responseCode;
  if (status === 552 || status === 523)
    return new MailSendError('MAIL_TOO_LARGE', `${host} refused the message as too large.`, true, undefined, {
      cause: error,
    });
  if (code === 'EENVELOPE' && status && status >= 500) {
    return new MailSendError(
      'MAIL_RECIPIENT_REJECTED',
      `${host} rejected a recipient: ${error.message}`,
      true,
      undefined,
      { cause: error },
    );
  }
  if (status && status >= 500)
    return new MailSendError('MAIL_REJECTED', `${host} rejected the message: ${error.message}`, true, undefined, {
      cause: error,
    });
  return transient(`${host} is not reachable right now (${code ?? 'error'}); will retry.`, undefined, error);
}

function nodemailerLogger(log: Logger) {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (data: unknown, message?: string, ...args: unknown[]) =>
      typeof data === 'string'
        ? log[level](format(data, message, ...args))
        : log[level]({ smtp: data }, format(message ?? '', ...args));
  return {
    trace: at('debug'),
    debug: at('debug'),
    info: at('debug'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('error'),
  };
}

export function createSmtpTransport(
  settings: SmtpSettings,
  password: string,
  log: Logger,
  maxBytes = SMTP_DEFAULT_MAX_BYTES,
): MailTransport & { verify(): Promise<void> } {
  const debug = log.isLevelEnabled('debug');
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    auth: { user: settings.user, pass: password },
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: !settings.allowSelfSigned,
      ...(isIP(settings.host) ? {} : { servername: settings.host }),
    },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: debug ? nodemailerLogger(log) : false,
    debug,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  if (settings.allowSelfSigned)
    log.warn({ host: settings.host }, 'certificate verification is off for this mailbox (allowed self-signed)');
  return {
    label: settings.host,
    maxBytes,
    async verify() {
      try {
        await transporter.verify();
      } catch (error) {
        throw smtpError(error as SmtpError, settings.host);
      }
    },
    async send(message: OutgoingMessage) {
      try {
        const info = await transporter.sendMail({ envelope: { from: message.from, to: message.to }, raw: message.raw });
        return { providerId: info.messageId };
      } catch (error) {
        throw smtpError(error as SmtpError, settings.host);
      }
    },
    close: () => transporter.close(),
  };
}
