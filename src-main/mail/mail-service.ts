/**
 * Connected mailboxes for one unlocked vault: connect (SMTP, or OAuth in the
 * browser), list, disconnect, and send documents through the outbox. Secrets
 * go straight into sealed fields; nothing this returns contains one.
 */
import { randomUUID } from 'node:crypto';
import { sendRequestSchema } from '../../src-shared/bridge/schemas.js';
import {
  defaultSubjectAndBody,
  type MailboxSummary,
  type OutboxItem,
  type SendRequest,
} from '../../src-shared/mail.js';
import { LockleafError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { deleteSecrets } from '../vault/secrets/secret-fields.js';
import type { Vault } from '../vault/vault.js';
import { estimateMessageSize, formatBytes } from './compose.js';
import { gmailTransport, graphMaxBytes, graphNeedsDraftsMessage, graphTransport } from './api-transports.js';
import {
  deleteMailbox,
  findMailbox,
  insertMailbox,
  listMailboxes,
  type MailboxRecord,
  type SmtpSettings,
} from './mailbox-repo.js';
import { authorizeWithLoopback, oauthConfiguration } from './oauth/oauth-client.js';
import { GRAPH_DRAFT_SCOPE, grantIncludes, type MailProviders } from './oauth/providers.js';
import { storeGrant, TokenSource } from './oauth/token-source.js';
import { newMessageId, Outbox, type Backoff } from './outbox.js';
import { recentRecipients } from './outbox-repo.js';
import { createSmtpTransport, SMTP_DEFAULT_MAX_BYTES } from './smtp-transport.js';
import type { MailTransport } from './transport.js';
import * as oidc from 'openid-client';

export interface SmtpInput extends SmtpSettings {
  name: string;
  password: string;
  /** The From address; the user name when it is an address. */
  address?: string;
}

export interface MailServiceOptions {
  providers: MailProviders;
  log: Logger;
  backoff?: Backoff;
  onChange?: (item: OutboxItem) => void;
  handedOver?: Map<string, string | undefined>;
}

const LABEL = { gmail: 'Gmail', microsoft: 'Microsoft 365' } as const;

const canDraft = (mailbox: MailboxRecord) =>
  mailbox.kind === 'microsoft' && grantIncludes(mailbox.settings.scope, GRAPH_DRAFT_SCOPE);

export class MailService {
  readonly outbox: Outbox;

  constructor(
    private readonly vault: Vault,
    private readonly options: MailServiceOptions,
  ) {
    this.outbox = new Outbox({
      vault,
      transportFor: (m) => this.transportFor(m),
      log: options.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.onChange ? { onChange: options.onChange } : {}),
      ...(options.handedOver ? { handedOver: options.handedOver } : {}),
    });
  }

  private get ctx() {
    return this.vault.store;
  }

  list(): Promise<MailboxSummary[]> {
    return listMailboxes(this.ctx.db.read);
  }

  recentRecipients(limit = 10): Promise<string[]> {
    return recentRecipients(this.ctx.db.read, limit);
  }

  private maxBytes(mailbox: MailboxRecord): number {
    if (mailbox.kind === 'smtp') return SMTP_DEFAULT_MAX_BYTES;
    const provider = this.options.providers[mailbox.kind];
    return mailbox.kind === 'microsoft' ? graphMaxBytes(provider, canDraft(mailbox)) : provider.maxBytes;
  }

  async transportFor(mailbox: MailboxRecord): Promise<MailTransport> {
    const log = this.options.log.child({ mailbox: mailbox.name });
    if (mailbox.kind === 'smtp') {
      const password = await this.ctx.getSecret(mailbox.id, 'password');
      if (!password)
        throw new LockleafError('MAIL_AUTH_FAILED', `${mailbox.name} has no stored password; add it again.`);
      return createSmtpTransport(mailbox.settings, password, log);
    }
    const provider = this.options.providers[mailbox.kind];
    const tokens = new TokenSource(this.ctx, mailbox.id, provider, LABEL[mailbox.kind], log);
    return mailbox.kind === 'gmail'
      ? gmailTransport(provider, tokens, log)
      : graphTransport(provider, tokens, log, canDraft(mailbox), mailbox.name);
  }

  /** Checks the server and the password first, so a typo is caught now, not at the first send. */
  async addSmtp(input: SmtpInput): Promise<MailboxSummary> {
    const settings: SmtpSettings = {
      host: input.host,
      port: input.port,
      user: input.user,
      security: input.security,
      allowSelfSigned: input.allowSelfSigned,
    };
    const probe = createSmtpTransport(settings, input.password, this.options.log.child({ mailbox: input.name }));
    try {
      await probe.verify();
    } finally {
      probe.close();
    }
    const address = input.address ?? (input.user.includes('@') ? input.user : '');
    const id = randomUUID();
    await this.ctx.db.write(async (tx) => {
      await insertMailbox(tx, { id, name: input.name, kind: 'smtp', address, settings }, new Date().toISOString());
      await this.ctx.putSecret(tx, id, 'password', input.password);
    });
    await this.ctx.audit('mailbox.connected', {
      mailbox: input.name,
      kind: 'smtp',
      host: input.host,
      selfSigned: input.allowSelfSigned,
    });
    this.options.log.info({ mailbox: input.name, host: input.host, port: input.port }, 'mailbox connected');
    return this.summary(input.name);
  }

  /** `largeMessages` (Microsoft 365 only): also ask for Mail.ReadWrite, which Graph needs to send messages over 3 MB. */
  async connectOAuth(
    kind: 'gmail' | 'microsoft',
    input: {
      name: string;
      address?: string;
      largeMessages?: boolean;
      openBrowser: (url: string) => Promise<void>;
      signal?: AbortSignal;
    },
  ): Promise<MailboxSummary> {
    if (await this.list().then((all) => all.some((m) => m.name.toLowerCase() === input.name.toLowerCase()))) {
      throw new LockleafError('MAILBOX_EXISTS', `A mailbox named "${input.name}" already exists.`);
    }
    const base = this.options.providers[kind];
    const provider =
      kind === 'microsoft' && input.largeMessages ? { ...base, scopes: [...base.scopes, GRAPH_DRAFT_SCOPE] } : base;
    const log = this.options.log.child({ mailbox: input.name, kind });
    log.debug({ scopes: provider.scopes }, 'starting browser sign-in');
    const grant = await authorizeWithLoopback(provider, LABEL[kind], {
      openBrowser: input.openBrowser,
      ...(input.signal ? { signal: input.signal } : {}),
    }).catch((error: unknown) => {
      log.warn({ err: error }, 'sign-in did not complete');
      throw error;
    });
    if (!grant.refreshToken)
      throw new LockleafError('OAUTH_FAILED', `${LABEL[kind]} did not grant offline access; nothing was connected.`);
    const id = randomUUID();
    const scope = provider.scopes.join(' ');
    await this.ctx.db.write((tx) =>
      insertMailbox(
        tx,
        { id, name: input.name, kind, address: input.address ?? '', settings: { scope } },
        new Date().toISOString(),
      ),
    );
    await storeGrant(this.ctx, id, grant, scope);
    await this.ctx.audit('mailbox.connected', { mailbox: input.name, kind });
    log.info({ expiresAt: grant.expiresAt, scope: grant.scope }, 'mailbox connected');
    return this.summary(input.name);
  }

  private async summary(name: string): Promise<MailboxSummary> {
    const found = (await this.list()).find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new LockleafError('MAILBOX_NOT_FOUND', `No mailbox named "${name}".`);
    return found;
  }

  /** Revokes the grant where the provider allows it (Google), then deletes the secrets and the mailbox. */
  async remove(name: string): Promise<{ revoked: boolean }> {
    const mailbox = await findMailbox(this.ctx.db.read, name);
    let revoked = false;
    if (mailbox.kind !== 'smtp' && this.options.providers[mailbox.kind].revocationEndpoint) {
      const token = await this.ctx.getSecret(mailbox.id, 'refresh_token');
      try {
        if (token)
          await oidc.tokenRevocation(
            oauthConfiguration(this.options.providers[mailbox.kind], LABEL[mailbox.kind]),
            token,
          );
        revoked = Boolean(token);
      } catch (error) {
        // Disconnecting must work offline too; the secrets go either way.
        this.options.log.warn({ err: error, mailbox: name }, 'could not revoke the grant at the provider');
      }
    }
    await this.ctx.db.write(async (tx) => {
      await deleteSecrets(tx, mailbox.id);
      await deleteMailbox(tx, mailbox.id);
    });
    await this.ctx.audit('mailbox.disconnected', { mailbox: mailbox.name, kind: mailbox.kind, revoked });
    this.options.log.info({ mailbox: mailbox.name, revoked }, 'mailbox disconnected');
    return { revoked };
  }

  /** Queues documents for sending; checks everything that can be checked now (mailbox, documents, size). */
  async send(request: SendRequest): Promise<OutboxItem> {
    const parsed = sendRequestSchema.safeParse(request);
    if (!parsed.success)
      throw new LockleafError(
        'INVALID_INPUT',
        `Cannot send: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
      );
    const req = parsed.data;
    const mailbox = await findMailbox(this.ctx.db.read, req.mailbox);
    if (mailbox.status === 'auth_revoked')
      throw new LockleafError(
        'MAIL_AUTH_REVOKED',
        `Access to ${mailbox.name} was revoked; connect it again before sending.`,
      );
    const documentIds = [...new Set(req.documentIds)];
    const docs = [];
    for (const id of documentIds) {
      const doc = await this.vault.get(id);
      if (doc.deletedAt)
        throw new LockleafError('DOCUMENT_NOT_FOUND', `"${doc.title}" is in the trash; restore it to send it.`);
      docs.push(doc);
    }
    const defaults = defaultSubjectAndBody(docs.map((d) => d.title));
    const id = req.idempotencyKey ?? randomUUID();
    const messageId = newMessageId(id, mailbox.address);
    const subject = req.subject ?? defaults.subject;
    const body = req.body ?? defaults.body;
    // Estimated from the stored sizes: nothing is decrypted until the outbox builds the message to send it.
    const size = estimateMessageSize({
      subject,
      body,
      to: req.to,
      attachments: docs.map((d) => ({ name: d.originalName, size: d.size })),
    });
    const limit = this.maxBytes(mailbox);
    if (
      size > limit &&
      mailbox.kind === 'microsoft' &&
      !canDraft(mailbox) &&
      size <= this.options.providers.microsoft.maxBytes
    ) {
      throw new LockleafError(
        'MAIL_TOO_LARGE',
        `The message would be about ${formatBytes(size)}. ${graphNeedsDraftsMessage(mailbox.name)}`,
      );
    }
    if (size > limit) {
      throw new LockleafError(
        'MAIL_TOO_LARGE',
        `The message would be about ${formatBytes(size)}; ${mailbox.name} accepts at most ${formatBytes(limit)}. Send fewer or smaller documents.`,
      );
    }
    return this.outbox.add({ id, mailboxId: mailbox.id, messageId, to: req.to, subject, body, documentIds, size });
  }
}
