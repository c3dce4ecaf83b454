/**
 * What the desktop app holds between unlock and lock: the open vault and its
 * ingest pipeline. Locking closes both and drops the keys; the renderer is
 * told through the `vault:locked` event.
 */
import { EventEmitter } from 'node:events';
import type { SessionEvents } from '../../src-shared/bridge/events.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createIngest } from '../ingest/ingest-service.js';
import { requeueRunning } from '../ingest/job-repo.js';
import { ocrWorkerCount } from '../ocr/worker-count.js';
import { LockleafError } from '../errors.js';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src-shared/settings.js';
import { ViewTokens } from '../desktop/view-tokens.js';
import { silentLogger } from '../log/logger.js';
import { MailService } from '../mail/mail-service.js';
import { DEFAULT_PROVIDERS } from '../mail/oauth/providers.js';
import type { DestroyReport } from '../../src-shared/destroy.js';
import { cloneInto, type CloneRequest } from '../sync/sync-remote.js';
import { SyncService, type SyncServiceOptions } from '../sync/sync-service.js';
import { DESTROY_MARKER, finishPendingDestroy } from '../vault/destroy.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { exportChosen, type ExportResult } from './export-chosen.js';
import { startUpkeep } from './vault-upkeep.js';
import { startClassify, type SessionClassify } from './session-classify.js';
import type { SessionOptions } from './session-options.js';
import type { Vault } from '../vault/vault.js';

export type { SessionEvents, SessionOptions };

export class AppSession extends EventEmitter<SessionEvents> {
  /** Tokens for `/doc/<token>` views; all are dropped when the vault locks. */
  readonly viewTokens = new ViewTokens();
  private opening: Promise<void> | undefined;
  private destroying: Promise<unknown> | undefined;
  /** Work cut off by the last lock, still winding down. */
  private winding: Promise<void> = Promise.resolve();
  /** Sends the provider took that a lock kept from being marked sent (see Outbox). */
  private readonly handedOver = new Map<string, string | undefined>();
  private open:
    | {
        vault: Vault;
        ingest: ReturnType<typeof createIngest>;
        mail: MailService;
        sync: SyncService;
        inbox: SessionClassify;
        settings: AppSettings;
        purgeTimer: NodeJS.Timeout;
      }
    | undefined;

  constructor(private readonly options: SessionOptions) {
    super();
  }

  get vaultDir(): string {
    return join(this.options.dataDir, 'vault');
  }

  status(): { exists: boolean; unlocked: boolean } {
    // A folder whose delete was begun (its marker written) is no vault any more, even while its key file is still there.
    const exists = existsSync(join(this.vaultDir, 'vault.key')) && !existsSync(join(this.vaultDir, DESTROY_MARKER));
    return { exists, unlocked: Boolean(this.open) };
  }

  /** What is open, or VAULT_LOCKED for a call that needs it. */
  private get live(): NonNullable<AppSession['open']> {
    if (!this.open) throw new LockleafError('VAULT_LOCKED', 'The vault is locked.');
    return this.open;
  }
  get vault(): Vault {
    return this.live.vault;
  }
  get ingest(): ReturnType<typeof createIngest> {
    return this.live.ingest;
  }
  get mail(): MailService {
    return this.live.mail;
  }
  get sync(): SyncService {
    return this.live.sync;
  }
  get inbox(): SessionClassify {
    return this.live.inbox;
  }
  private get syncOptions(): SyncServiceOptions {
    return { kdfCost: this.options.kdfCost, log: this.options.log, ...this.options.sync };
  }

  get settings(): AppSettings {
    return this.open?.settings ?? DEFAULT_SETTINGS;
  }

  /** The open vault's settings, or VAULT_LOCKED. */
  openSettings(): AppSettings {
    return this.live.settings;
  }

  async updateSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
    const open = this.live;
    open.settings = await open.vault.updateSettings(patch);
    open.ingest.ocr.setLanguages(open.settings.ocrLanguages);
    open.ingest.ocr.setWorkers(ocrWorkerCount({ env: this.options.ocrWorkers, setting: open.settings.ocrWorkers }));
    return open.settings;
  }

  /**
   * Everything (or, with ids, the list's checked documents), decrypted, into a new folder inside the
   * one the user picks; progress as `export:progress`.
   */
  exportSome(ids?: string[]): Promise<ExportResult> {
    return exportChosen(this.options.chooseDirectory, this.vault, this.exportProgress, ids);
  }

  private readonly exportProgress = (done: number, total: number) => this.emit('export:progress', { done, total });

  get chooseSavePath(): (suggestedName: string, title?: string) => Promise<string | undefined> {
    const choose = this.options.chooseSavePath;
    if (!choose) throw new LockleafError('NOT_AVAILABLE', 'Saving a copy is not available here.');
    return choose;
  }

  get chooseFiles(): (title: string) => Promise<string[] | undefined> {
    const choose = this.options.chooseFiles;
    if (!choose)
      throw new LockleafError('NOT_AVAILABLE', 'Choosing files is not available here; drop them on the window.');
    return choose;
  }

  get openBrowser(): (url: string) => Promise<void> {
    const open = this.options.openBrowser;
    if (!open)
      throw new LockleafError(
        'OAUTH_FAILED',
        'This window cannot open a browser for sign-in; use `lockleaf mailbox add` instead.',
      );
    return open;
  }

  private async attach(vault: Vault): Promise<void> {
    let ingest: ReturnType<typeof createIngest> | undefined;
    let mail: MailService | undefined;
    try {
      const settings = await vault.settings();
      ingest = createIngest(vault, {
        dataDir: this.options.dataDir,
        langs: settings.ocrLanguages,
        workers: ocrWorkerCount({ env: this.options.ocrWorkers, setting: settings.ocrWorkers }),
        ...(this.options.log ? { log: this.options.log } : {}),
        ...(this.options.spawnReader ? { spawnReader: this.options.spawnReader } : {}),
      });
      ingest.queue.on('progress', (p) => {
        this.emit('ingest:progress', p);
        if (p.state === 'done' || p.state === 'queued') this.emit('documents:changed', { ids: [p.documentId] });
      });
      ingest.queue.start();
      mail = new MailService(vault, {
        providers: this.options.mailProviders ?? DEFAULT_PROVIDERS,
        log: this.options.log ?? silentLogger,
        onChange: (item) => this.emit('mail:changed', item),
        handedOver: this.handedOver,
      });
      // Messages queued while offline or before a quit go out now; once a send cut off by
      // the last lock has finished, so it is marked sent rather than sent again.
      const outbox = mail.outbox;
      void this.winding.then(() => {
        if (this.open?.mail.outbox === outbox) outbox.start();
      });
      const sync = new SyncService(vault, this, this.syncOptions);
      // Trash keeps its retention period, then goes everywhere: checked now and every few hours (vault-upkeep.ts).
      const changed = () => this.emit('documents:changed', { ids: [] });
      const purgeTimer = startUpkeep(vault, changed, this.options.log ?? silentLogger);
      const inbox = startClassify(
        vault,
        ingest.queue,
        (count) => this.emit('inbox:changed', { count }),
        () => this.settings,
        {
          log: this.options.log,
          notify: this.options.notify,
        },
      );
      this.open = { vault, ingest, mail, sync, inbox, settings, purgeTimer };
      void sync.start();
    } catch (error) {
      // Nothing half-open stays behind: the vault would keep its keys in memory and its
      // process lock, which refuses every later unlock ("in use by another process").
      await mail?.outbox.stop().catch(() => undefined);
      await ingest?.close().catch(() => undefined);
      await vault.close().catch(() => undefined);
      throw error;
    }
    this.emit('vault:unlocked', { at: new Date().toISOString() });
  }

  async create(passphrase: string): Promise<void> {
    // One create or unlock at a time (a double-clicked Unlock): a second would find the vault's
    // process lock taken by this very process and fail with "in use by another Lockleaf process"
    // although the first succeeds. No await before startOpening when nothing is under way.
    while (this.opening) await this.opening.catch(() => undefined);
    if (this.open) throw new LockleafError('VAULT_EXISTS', 'A vault is already open.');
    await this.startOpening(async () => {
      // A delete the user confirmed, cut short by a crash, is finished first: its folder is no vault any more.
      await finishPendingDestroy(this.vaultDir);
      await this.attach(
        await createVault(this.vaultDir, passphrase, this.options.kdfCost ? { kdfCost: this.options.kdfCost } : {}),
      );
    });
  }

  async unlock(passphrase: string): Promise<void> {
    while (this.opening) await this.opening.catch(() => undefined);
    if (this.open) return;
    await this.startOpening(async () => this.attach(await openVault(this.vaultDir, { passphrase })));
  }

  /** "Open a synced vault" (first screen): a new vault in `vault/` joined to a bucket's, opened like an unlock. */
  async clone(input: CloneRequest): Promise<void> {
    while (this.opening) await this.opening.catch(() => undefined);
    if (this.open || this.status().exists) throw new LockleafError('VAULT_EXISTS', 'A vault already exists here.');
    await this.startOpening(async () => this.attach(await cloneInto(this.vaultDir, input, this.syncOptions)));
  }

  /** Runs a create or unlock, recorded (synchronously, before its first await) so others wait for it. */
  private startOpening(run: () => Promise<void>): Promise<void> {
    const opening = run().finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    this.opening = opening;
    return opening;
  }

  async lock(reason: 'user' | 'idle' | 'suspend' = 'user'): Promise<void> {
    // A lock asked for while an unlock is under way (the machine suspends) applies once it is open;
    // one asked for while the vault is being deleted waits for that (it closes the vault itself).
    while (this.opening || this.destroying) await (this.opening ?? this.destroying)!.catch(() => undefined);
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    clearInterval(open.purgeTimer);
    this.viewTokens.clear();
    // The keys go first: a send waiting on the network or a page in OCR must not keep them
    // in memory (through a suspend, say). What they finish later finds the vault locked.
    const stopping = Promise.allSettled([open.mail.outbox.stop(), open.ingest.close(), open.inbox.close()]);
    // Jobs cut off go back to the queue in the last transaction, so the next unlock does not count them as attempts.
    await open.vault.close({ lastWrite: requeueRunning });
    // Sync's keys go once no transaction can commit (sync-service.ts); the round cut off winds down like the rest.
    const synced = open.sync.close();
    this.emit('vault:locked', { reason });
    this.winding = this.winding.then(() => Promise.all([stopping, synced])).then(() => undefined);
  }

  /**
   * Deletes the open vault for good (vault/destroy.ts). The passphrase is asked
   * for as well as the typed confirmation: a window left unlocked must not be
   * enough to wipe everything. Checked before anything stops; once they pass,
   * the vault is shut like a lock, then deleted, and the window told it is locked.
   */
  destroy(passphrase: string, confirmation: string): Promise<DestroyReport> {
    // A lock asked for meanwhile (the screen locks right after Delete) waits for it.
    const destroying = this.destroyNow(passphrase, confirmation).finally(() => {
      if (this.destroying === destroying) this.destroying = undefined;
    });
    this.destroying = destroying;
    return destroying;
  }

  private async destroyNow(passphrase: string, confirmation: string): Promise<DestroyReport> {
    while (this.opening) await this.opening.catch(() => undefined);
    const open = this.open;
    if (!open) throw new LockleafError('VAULT_LOCKED', 'The vault is locked.');
    let detached = false;
    const stopWork = () => {
      detached = true;
      if (this.open === open) this.open = undefined;
      clearInterval(open.purgeTimer);
      this.viewTokens.clear();
      const stopping = Promise.allSettled([open.mail.outbox.stop(), open.ingest.close(), open.inbox.close()]).then(
        () => undefined,
      );
      this.winding = this.winding.then(() => stopping);
      return stopping;
    };
    try {
      return await open.vault.destroy({ passphrase, confirmation }, stopWork);
    } finally {
      if (detached) {
        void open.sync.close();
        this.emit('vault:locked', { reason: 'user' });
      }
    }
  }

  /** Resolves once the work a lock cut off (sends, OCR) has wound down; the next unlock waits for it. */
  settled(): Promise<void> {
    return this.winding;
  }
}
