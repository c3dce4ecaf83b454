/**
 * The outbox: every send is a row first, then an attempt. A message is
 * marked `sending` (committed) before it is handed to the provider and `sent`
 * right after, so after a crash a message that never went is retried and one
 * that went is not sent again. The one instant this cannot cover (provider
 * accepted, commit not yet done) resends with the same Message-ID, which
 * receiving mailboxes use to drop the copy. Temporary failures (offline, 429,
 * 5xx) retry with backoff; permanent ones stop with their reason. Once the
 * provider has taken a message nothing sends it again in this process: a
 * failure recording it (the `sent` mark, the audit entry) is logged, never
 * treated as a failed send.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxItem } from '../../src-shared/mail.js';
import { LockleafError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Vault } from '../vault/vault.js';
import { composeMessage, wipe } from './compose.js';
import type { MailboxRecord } from './mailbox-repo.js';
import { mailboxById } from './mailbox-repo.js';
import * as repo from './outbox-repo.js';
import { MailSendError } from './send-error.js';
import type { MailTransport } from './transport.js';

export interface Backoff {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 60 * 60_000, maxAttempts: 8 };

/**
 * The longest a provider's Retry-After is honoured: one asking for longer is
 * asked again after an hour, so a mistaken or hostile header cannot park a
 * message for days (or, huge, overflow the date and the timer).
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** setTimeout's ceiling (a signed 32-bit int); a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface OutboxDeps {
  vault: Vault;
  transportFor: (mailbox: MailboxRecord) => Promise<MailTransport>;
  log: Logger;
  backoff?: Backoff;
  onChange?: (item: OutboxItem) => void;
  /**
   * Messages handed over whose `sent` mark is not written yet. The app passes
   * one map for its whole run, so a send that completes after a lock is
   * marked sent at the next unlock instead of going out again.
   */
  handedOver?: Map<string, string | undefined>;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function newMessageId(id: string, from: string): string {
  return `<${id}@${from.includes('@') ? domainOf(from) : 'lockleaf.invalid'}>`;
}

export class Outbox {
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private readonly backoff: Backoff;
  /** Messages the provider took whose `sent` mark could not be written yet: never handed over again. */
  private readonly handedOver: Map<string, string | undefined>;

  constructor(private readonly deps: OutboxDeps) {
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.handedOver = deps.handedOver ?? new Map();
  }

  private get ctx() {
    return this.deps.vault.store;
  }

  async list(limit = 100): Promise<OutboxItem[]> {
    return (await repo.listOutbox(this.ctx.db.read, limit)).map(repo.toItem);
  }

  async item(id: string): Promise<OutboxItem> {
    const row = await repo.outboxRow(this.ctx.db.read, id);
    if (!row) throw new LockleafError('OUTBOX_NOT_FOUND', `No queued message with id ${id}.`);
    return repo.toItem(row);
  }

  private async changed(id: string): Promise<void> {
    if (this.deps.onChange) this.deps.onChange(await this.item(id));
  }

  /** Queues a composed message (the caller checked its size); the same id twice is one message. */
  async add(row: repo.NewOutboxRow): Promise<OutboxItem> {
    const inserted = await this.ctx.db.write((tx) => repo.insertOutbox(tx, row, new Date().toISOString()));
    if (inserted) {
      await this.changed(row.id);
      this.wake();
    }
    return this.item(row.id);
  }

  async retry(id: string): Promise<OutboxItem> {
    const ok = await this.ctx.db.write((tx) => repo.requeue(tx, id, new Date().toISOString()));
    if (!ok) throw new LockleafError('OUTBOX_NOT_FOUND', `No failed message with id ${id} to retry.`);
    await this.changed(id);
    this.wake();
    return this.item(id);
  }

  /** Sends every message that is due now, one at a time; resolves when none is left due. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    const transports = new Map<string, MailTransport>();
    try {
      for (;;) {
        const row = await repo.nextDue(this.ctx.db.read, new Date().toISOString());
        if (!row) return;
        if (this.handedOver.has(row.id)) {
          await this.ctx.db.write((tx) =>
            repo.markSent(tx, row.seq, this.handedOver.get(row.id), new Date().toISOString()),
          );
          this.handedOver.delete(row.id);
          await this.changed(row.id);
          continue;
        }
        await this.attempt(row, transports);
      }
    } finally {
      for (const t of transports.values()) t.close();
    }
  }

  private async attempt(row: repo.OutboxRow, transports: Map<string, MailTransport>): Promise<void> {
    const ctx = this.ctx;
    const log = this.deps.log.child({ message: row.id, mailbox: row.mailbox });
    if (row.state === 'sending') log.warn('resuming a send that was cut off (crash or quit)');
    await ctx.db.write((tx) => repo.markSending(tx, row.seq, new Date().toISOString()));
    await this.changed(row.id);
    const attempts = row.attempts + 1;
    const to = JSON.parse(row.recipients) as string[];
    const documents = JSON.parse(row.document_ids) as string[];
    // Set once the provider has taken the message: from then on nothing below may re-queue it.
    let sent: { providerId: string | undefined; mailbox: string; size: number } | undefined;
    try {
      const mailbox = await mailboxById(ctx.db.read, row.mailbox_id);
      if (!mailbox) throw new MailSendError('MAILBOX_NOT_FOUND', 'The mailbox was removed.', true);
      let transport = transports.get(mailbox.id);
      if (!transport) transports.set(mailbox.id, (transport = await this.deps.transportFor(mailbox)));
      const message = await composeMessage(this.deps.vault, {
        from: mailbox.address,
        to,
        subject: row.subject,
        body: row.body,
        documentIds: documents,
        messageId: row.message_id,
      });
      const size = message.raw.length;
      log.debug({ attempt: attempts, size }, 'sending');
      const draft = {
        previous: row.draft_id,
        record: (id: string | null) => ctx.db.write((tx) => repo.setDraft(tx, row.seq, id)),
      };
      const result = await transport
        .send({ from: mailbox.address, to, ...message, draft })
        .finally(() => wipe(message));
      sent = { providerId: result.providerId, mailbox: mailbox.name, size };
    } catch (error) {
      if (!(error instanceof LockleafError)) log.error({ err: error }, 'unexpected error while sending');
      const failure =
        error instanceof MailSendError
          ? error
          : error instanceof LockleafError
            ? new MailSendError(error.code, error.message, true)
            : new MailSendError('MAIL_UNAVAILABLE', `Sending failed unexpectedly: ${(error as Error).message}`, false);
      const now = Date.now();
      if (failure.permanent || attempts >= this.backoff.maxAttempts) {
        const message = failure.permanent
          ? failure.message
          : `${failure.message.replace(/; will retry\.?$/, '')}. Gave up after ${attempts} attempts.`;
        const head = await ctx.db.write(async (tx) => {
          await repo.markFailed(tx, row.seq, failure.code, message, new Date(now).toISOString());
          return ctx.auditIn(tx, 'mail.failed', {
            message: row.id,
            mailbox: row.mailbox,
            code: failure.code,
            documents: documents.join(','),
          });
        });
        await ctx.anchorAfter(head);
        log.warn({ code: failure.code, attempt: attempts }, 'send failed permanently');
      } else {
        const delay = Math.min(
          failure.retryAfterMs ?? Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (attempts - 1)),
          MAX_RETRY_AFTER_MS,
        );
        await ctx.db.write((tx) =>
          repo.markRetry(
            tx,
            row.seq,
            new Date(now + delay).toISOString(),
            failure.code,
            failure.message,
            new Date(now).toISOString(),
          ),
        );
        log.info({ code: failure.code, attempt: attempts, retryInMs: delay }, 'send will be retried');
      }
    }
    if (sent) await this.recordSent(row, sent, { to, documents, attempt: attempts, log });
    await this.changed(row.id);
  }

  /** After the hand-over: marks the message sent with its audit entry, and whatever fails here, never sends it again. */
  private async recordSent(
    row: repo.OutboxRow,
    sent: { providerId: string | undefined; mailbox: string; size: number },
    facts: { to: string[]; documents: string[]; attempt: number; log: Logger },
  ): Promise<void> {
    const { ctx } = this;
    const { log } = facts;
    this.handedOver.set(row.id, sent.providerId);
    let head: Awaited<ReturnType<typeof ctx.auditIn>> | undefined;
    try {
      head = await ctx.db.write(async (tx) => {
        await repo.markSent(tx, row.seq, sent.providerId, new Date().toISOString());
        return ctx.auditIn(tx, 'mail.sent', {
          message: row.id,
          mailbox: sent.mailbox,
          recipientDomains: [...new Set(facts.to.map(domainOf))].join(','),
          documents: facts.documents.join(','),
          size: sent.size,
        });
      });
    } catch (error) {
      log.error({ err: error }, 'sent, but the audit entry could not be written; marking it sent without one');
      // Throws only if the database refuses writes: the drain stops, and `handedOver` keeps the message from going again.
      await ctx.db.write((tx) => repo.markSent(tx, row.seq, sent.providerId, new Date().toISOString()));
    }
    this.handedOver.delete(row.id);
    if (head)
      await ctx
        .anchorAfter(head)
        .catch((error: unknown) => log.error({ err: error }, 'sent, but the audit anchor could not be saved'));
    log.info({ attempt: facts.attempt }, 'sent');
  }

  /** Runs in the background until stopped: drains, then sleeps until the next due message. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  wake(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    void this.drain()
      .then(() => this.schedule())
      .catch((error: unknown) => {
        this.deps.log.error({ err: error }, 'outbox stopped on an error');
        this.timer = setTimeout(() => this.wake(), this.backoff.baseMs);
      });
  }

  private async schedule(): Promise<void> {
    if (!this.started) return;
    const at = await repo.nextWake(this.ctx.db.read);
    if (!at) return;
    clearTimeout(this.timer);
    // Clamped: a longer delay overflows setTimeout, which then fires at once (and again, and again).
    const wait = Date.parse(at) - Date.now();
    this.timer = setTimeout(
      () => this.wake(),
      Number.isFinite(wait) ? Math.min(MAX_TIMER_MS, Math.max(0, wait)) : MAX_TIMER_MS,
    );
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.draining?.catch(() => undefined);
  }

  static newId(): string {
    return randomUUID();
  }
}
