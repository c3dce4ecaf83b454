/**
 * Sync in the desktop app: the SyncSession and SyncEngine of the unlocked
 * vault. A round runs at unlock, every `intervalMs`, and `debounceMs` after
 * local changes (the session's `documents:changed`); progress and status go
 * out as `sync:progress` and `sync:status`. A failed round is recorded by
 * the engine (last_error) and tried again at the next tick, except when the
 * bucket misbehaved (altered, rolled back, forked…): then automatic rounds
 * stop until the user asks for one, so a hostile bucket is not retried
 * (and audited) every minute.
 *
 * At lock, `close()` is called once the vault is closed (AppSession.lock
 * waits only for the transaction under way): it aborts the round's transfers,
 * shuts the remote so nothing more reaches the bucket, and zeroes the keys at
 * once, without waiting for the round. Not before the vault closed: a round
 * inside a transaction could otherwise seal a segment with zeroed keys and
 * commit it, to be sent at the next unlock.
 */
import type { EventEmitter } from 'node:events';
import type { SessionEvents } from '../../src-shared/bridge/events.js';
import type { ChannelPayload } from '../../src-shared/bridge/schemas.js';
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';
import type { KdfCost } from '../crypto/kdf.js';
import { isLockleafError, LockleafError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Vault } from '../vault/vault.js';
import { SyncEngine, type SyncProgress } from './engine/engine.js';
import { changePassphraseEverywhere, adoptNewPassphrase } from './engine/passphrase.js';
import { SyncSession } from './engine/session.js';
import { removeSync, unsent } from './engine/remove.js';
import { setUpSync } from './engine/setup.js';
import { syncStatus } from './engine/status.js';
import { deviceNameOf, gatedRemote, remoteAccessOf } from './sync-remote.js';
import { changed, progressInfo, realTimers, STOPS_AUTOMATIC, type SyncTimers } from './sync-rounds.js';
import type { Remote } from './remote/remote.js';
import { S3Remote } from './remote/s3-remote.js';
import type { S3RemoteConfig } from './remote/s3-config.js';

export interface SyncServiceOptions {
  /** Wrap or replace the S3 remote (tests: quicker retries). */
  makeRemote?: (config: S3RemoteConfig) => Remote;
  /** Between automatic rounds; default 60 s. */
  intervalMs?: number;
  /** From a local change to its round; default 2 s (a burst of edits is one round). */
  debounceMs?: number;
  timers?: SyncTimers;
  kdfCost?: KdfCost;
  log?: Logger;
}

export type SetUpRequest = ChannelPayload<'sync:setUp'>;
export type { SyncTimers };

export class SyncService {
  private session: SyncSession | undefined;
  private engine: SyncEngine | undefined;
  private controller = new AbortController();
  /** False from `halt()` on: no remote call starts, no round, no timer. */
  private live = true;
  private running: Promise<void> | undefined;
  private syncing = false;
  private paused = false;
  private again = false;
  private openError: { code: string; message: string } | undefined;
  private progress: SyncProgressInfo | null = null;
  private tickTimer: unknown;
  private changeTimer: unknown;
  /** Set while this service announces documents a round brought in, so that is not taken for a local change. */
  private announcing = false;
  private readonly timers: SyncTimers;
  private readonly log: Logger;

  constructor(
    private readonly vault: Vault,
    private readonly events: EventEmitter<SessionEvents>,
    private readonly options: SyncServiceOptions = {},
  ) {
    this.timers = options.timers ?? realTimers;
    this.log = options.log ?? silentLogger;
    events.on('documents:changed', this.onChanged);
  }

  private readonly onChanged = (): void => {
    if (this.announcing || !this.engine || !this.live) return;
    this.timers.clearTimeout(this.changeTimer);
    this.changeTimer = this.timers.setTimeout(() => this.auto(), this.options.debounceMs ?? 2000);
  };

  /** At unlock: opens the session when sync is set up, and runs a first round. Never throws (the status says why). */
  async start(): Promise<void> {
    await this.openSession().catch((error: unknown) => {
      if (!isLockleafError(error)) this.log.error({ err: error }, 'sync session did not open');
    });
  }

  private async openSession(): Promise<void> {
    this.openError = undefined;
    const makeRemote = this.options.makeRemote ?? ((c: S3RemoteConfig) => new S3Remote(c));
    try {
      const session = await SyncSession.open(this.vault.syncHost, (c) => gatedRemote(makeRemote(c), () => this.live));
      if (!session) return;
      if (!this.live) return session.close();
      this.session = session;
      this.engine = new SyncEngine(session, this.vault.syncHost);
    } catch (error) {
      this.openError = isLockleafError(error)
        ? { code: error.code, message: error.message }
        : { code: 'SYNC_FAILED', message: 'Sync could not start on this device. Remove it and set it up again.' };
      throw error;
    }
    this.auto();
  }

  /** A tick or a change: a round unless automatic rounds are stopped. */
  private auto(): void {
    if (!this.paused && this.live && this.engine) void this.round();
  }

  private round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.timers.clearTimeout(this.tickTimer);
    this.timers.clearTimeout(this.changeTimer);
    const running = this.runRound(this.engine!).finally(() => {
      this.running = undefined;
      if (!this.live || !this.engine) return;
      this.tickTimer = this.timers.setTimeout(() => this.auto(), this.options.intervalMs ?? 60_000);
      // Changes made while the round ran may have missed its capture.
      if (this.again) {
        this.again = false;
        this.onChanged();
      }
      // Told once the next round is scheduled.
      void this.publish();
    });
    this.running = running;
    return running;
  }

  private async runRound(engine: SyncEngine): Promise<void> {
    this.syncing = true;
    this.progress = { phase: 'capture', done: 0, total: 1 };
    void this.publish();
    try {
      const report = await engine.sync({ signal: this.controller.signal, onProgress: (p) => this.onProgress(p) });
      if (report.applied > 0 || report.downloadedFiles > 0 || report.deletedFiles > 0) this.announce();
    } catch (error) {
      if (!this.live) return;
      const code = isLockleafError(error) ? error.code : 'SYNC_FAILED';
      if (STOPS_AUTOMATIC.has(code)) this.paused = true;
      // The code only: messages may name the bucket; the engine stored the full one for the window.
      if (isLockleafError(error)) this.log.warn({ code, paused: this.paused }, 'sync round failed');
      else this.log.error({ err: error }, 'sync round failed');
    } finally {
      this.syncing = false;
      this.progress = null;
    }
  }

  private onProgress(p: SyncProgress): void {
    const next = progressInfo(p);
    const last = this.progress;
    this.progress = next;
    if (changed(last, next)) this.events.emit('sync:progress', next);
  }

  private announce(): void {
    this.announcing = true;
    try {
      this.events.emit('documents:changed', { ids: [] });
    } finally {
      this.announcing = false;
    }
  }

  private async publish(): Promise<void> {
    if (!this.live) return;
    try {
      this.events.emit('sync:status', await this.status());
    } catch {
      // Locked meanwhile: nothing to tell.
    }
  }

  async status(): Promise<SyncView> {
    const stored = await syncStatus(this.vault.syncHost);
    if (!stored.configured) return { ...stored, state: 'off', progress: null };
    if (!this.engine && this.openError) return { ...stored, state: 'error', lastError: this.openError, progress: null };
    const state = this.syncing ? 'syncing' : this.paused ? 'paused' : stored.lastError ? 'error' : 'idle';
    return { ...stored, state, progress: this.syncing ? this.progress : null };
  }

  /** Settings → Sync: claims the bucket, then a first round. The kit (with the Secret Key) is answered once. */
  async setUp(input: SetUpRequest): Promise<{ kitText: string; kitHtml: string }> {
    if (!this.live) throw new LockleafError('VAULT_LOCKED', 'The vault is locked.');
    const result = await setUpSync(this.vault, {
      ...remoteAccessOf(input, this.options.makeRemote),
      passphrase: input.passphrase,
      deviceName: deviceNameOf(input.deviceName),
      ...(this.options.kdfCost ? { kdfCost: this.options.kdfCost } : {}),
    });
    this.paused = false;
    await this.openSession();
    return { kitText: result.kitText, kitHtml: result.kitHtml };
  }

  /** Sync now: also resumes automatic rounds stopped by a refusal. Answers the status (a failure is its lastError). */
  async now(): Promise<SyncView> {
    if (!this.engine) await this.openSession();
    if (!this.engine) throw new LockleafError('SYNC_NOT_SET_UP', 'Sync is not set up on this vault: Settings → Sync.');
    this.paused = false;
    await this.round();
    return this.status();
  }

  /** Ends the session (the round under way cut short) before its keys change or go. */
  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = this.engine = undefined;
    this.timers.clearTimeout(this.tickTimer);
    this.timers.clearTimeout(this.changeTimer);
    this.controller.abort();
    await this.running?.catch(() => undefined);
    session?.close();
    this.controller = new AbortController();
    this.paused = false;
    this.openError = undefined;
  }

  /** This device leaves sync: settings and secrets go; the bucket and the other devices are untouched. */
  async remove(options: { force?: boolean } = {}): Promise<SyncView> {
    // Refused (SYNC_PENDING) before anything stops, while edits made here have not reached the bucket.
    if (!options.force && (await unsent(this.vault.syncHost)) > 0) await removeSync(this.vault);
    await this.dropSession();
    await removeSync(this.vault, { force: true });
    await this.publish();
    return this.status();
  }

  /**
   * Settings → Change passphrase: with sync set up the bucket's keys are rewrapped too (engine/passphrase.ts),
   * so the other devices take the new one; the session is opened again on the new keys.
   */
  async changePassphrase(current: string, next: string): Promise<void> {
    await this.dropSession();
    try {
      await changePassphraseEverywhere(this.vault.syncHost, current, next, this.options.kdfCost);
    } finally {
      await this.start();
    }
  }

  /** After SYNC_PASSPHRASE_CHANGED: the passphrase set on another device, once it opens the bucket's keys, is this one's too. */
  async adoptPassphrase(next: string): Promise<SyncView> {
    await this.dropSession();
    try {
      await adoptNewPassphrase(this.vault.syncHost, next, this.options.kdfCost);
    } finally {
      await this.start();
    }
    return this.status();
  }

  private halt(): void {
    this.live = false;
    this.events.off('documents:changed', this.onChanged);
    this.timers.clearTimeout(this.tickTimer);
    this.timers.clearTimeout(this.changeTimer);
    this.controller.abort();
  }

  /** At lock, after the vault closed: the keys are zeroed now; resolves once the round cut off has settled. */
  close(): Promise<void> {
    this.halt();
    this.session?.close();
    this.session = this.engine = undefined;
    return (this.running ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
  }
}
