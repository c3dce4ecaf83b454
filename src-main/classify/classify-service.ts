/**
 * On-device classification for an unlocked vault: suggestions for documents as
 * their reading ends, and the classifier retrained in the background when the
 * user's filing changed (checked after each review and every few minutes, skipped
 * when the labels' fingerprint is the one the stored model was trained on).
 *
 * The model is kept in the vault's encrypted database; a model this version cannot
 * read (another format) is trained again.
 */
import { EventEmitter } from 'node:events';
import type { AcceptInput, InboxItem, Suggestion } from '../../src-shared/classify.js';
import { extractFields } from '../../src-shared/classify/extract/extract.js';
import { makeSuggestion } from '../../src-shared/classify/make-suggestion.js';
import {
  parseModel,
  serializeModel,
  suggestLabels,
  trainClassifierAsync,
  type ClassifierModel,
} from '../../src-shared/classify/model/index.js';
import { LockleafError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { findStored } from '../vault/documents/documents-repo.js';
import type { VaultStore } from '../vault/vault-store.js';
import { acceptSuggestion, dismissSuggestions } from './accept.js';
import { awaitingSuggestion, inboxCount, inboxItem, listInbox, storeSuggestion } from './inbox-repo.js';
import { documentText, labelsFingerprint, trainingRows } from './training-set.js';

export interface ClassifyEvents {
  /** The Inbox changed (a suggestion made, a document reviewed). */
  changed: [];
}

export interface ModelStatus {
  trainedAt: string | null;
  examples: number;
  training: boolean;
}

const CHECK_EVERY_MS = 5 * 60_000;

export class ClassifyService extends EventEmitter<ClassifyEvents> {
  private model: ClassifierModel | undefined;
  private trainedOn: string | undefined;
  private training: Promise<void> | undefined;
  private retrainTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly store: VaultStore,
    private readonly options: {
      log?: Logger;
      retrainDelayMs?: number;
      /** Training's progress over its passes through the texts (the CLI's progress bar). */
      onTraining?: (done: number, total: number) => void;
    } = {},
  ) {
    super();
  }

  private get log(): Logger {
    return this.options.log ?? silentLogger;
  }

  /** Loads the stored model, makes the suggestions a crash left unmade, and starts the periodic check. */
  async start(): Promise<void> {
    const row = await this.store.db.read.get<{ model: string; fingerprint: string }>(
      'SELECT model, fingerprint FROM classifier_model WHERE id = 1',
    );
    this.model = row ? parseModel(row.model) : undefined;
    this.trainedOn = this.model ? row?.fingerprint : undefined;
    await this.retrain();
    for (const id of await awaitingSuggestion(this.store.db.read)) await this.suggest(id);
    this.checkTimer = setInterval(() => this.retrainSoon(0), CHECK_EVERY_MS);
    this.checkTimer.unref();
  }

  /** The on-device suggestion for a document, made now and stored in the Inbox. */
  async suggest(id: string, options: { reopen?: boolean } = {}): Promise<Suggestion> {
    const doc = await findStored(this.store.db.read, id);
    if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
    const text = await documentText(this.store.db.read, doc.seq);
    // Only the names (not facets(), which also counts every tag and type): this runs once per document read.
    const known = (
      await this.store.db.read.all<{ name: string }>(
        `SELECT DISTINCT c.name FROM correspondents c JOIN documents d ON d.correspondent_id = c.id
         WHERE d.deleted_at IS NULL`,
      )
    ).map((c) => c.name);
    const suggestion = makeSuggestion(
      this.model ? suggestLabels(this.model, text) : undefined,
      extractFields(text),
      text,
      known,
    );
    await this.store.db.write((tx) => storeSuggestion(tx, doc.seq, 'suggestion', suggestion, options.reopen));
    this.emit('changed');
    return suggestion;
  }

  list(limit?: number): Promise<InboxItem[]> {
    return listInbox(this.store.db.read, limit);
  }

  item(id: string): Promise<InboxItem | undefined> {
    return inboxItem(this.store.db.read, id);
  }

  count(): Promise<number> {
    return inboxCount(this.store.db.read);
  }

  async accept(input: AcceptInput): Promise<void> {
    await acceptSuggestion(this.store, input);
    this.emit('changed');
    this.retrainSoon();
  }

  async dismiss(ids: readonly string[]): Promise<void> {
    await dismissSuggestions(this.store, ids);
    this.emit('changed');
    this.retrainSoon();
  }

  async status(): Promise<ModelStatus> {
    const row = await this.store.db.read.get<{ trained_at: string; examples: number }>(
      'SELECT trained_at, examples FROM classifier_model WHERE id = 1',
    );
    return { trainedAt: row?.trained_at ?? null, examples: row?.examples ?? 0, training: Boolean(this.training) };
  }

  /** Reviews come in bursts (accept, accept, accept): one retraining after the burst. */
  retrainSoon(delayMs = this.options.retrainDelayMs ?? 5_000): void {
    if (this.closed) return;
    clearTimeout(this.retrainTimer);
    this.retrainTimer = setTimeout(() => {
      this.retrain().catch((error: unknown) => this.log.error({ err: error }, 'classifier training failed'));
    }, delayMs);
    this.retrainTimer.unref();
  }

  /** Trains when the user's labels changed since the stored model; one training at a time. */
  async retrain(): Promise<void> {
    while (this.training) await this.training;
    if (this.closed) return;
    this.training = this.trainIfChanged().finally(() => (this.training = undefined));
    await this.training;
  }

  private async trainIfChanged(): Promise<void> {
    const { fingerprint, count } = await labelsFingerprint(this.store.db.read);
    if (fingerprint === this.trainedOn) return;
    if (count === 0) {
      this.model = undefined;
      this.trainedOn = fingerprint;
      await this.store.db.write((tx) => tx.run('DELETE FROM classifier_model'));
      return;
    }
    const rows = await trainingRows(this.store.db.read);
    const t0 = performance.now();
    const model = await trainClassifierAsync(
      rows,
      this.options.onTraining ? { onProgress: this.options.onTraining } : {},
    );
    this.log.info({ examples: rows.length, ms: Math.round(performance.now() - t0) }, 'classifier trained');
    if (this.closed) return;
    this.model = model;
    this.trainedOn = fingerprint;
    await this.store.db.write((tx) =>
      tx.run(
        `INSERT INTO classifier_model (id, model, fingerprint, examples, trained_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET model = excluded.model, fingerprint = excluded.fingerprint,
           examples = excluded.examples, trained_at = excluded.trained_at`,
        [serializeModel(model), fingerprint, rows.length, new Date().toISOString()],
      ),
    );
  }

  /** Stops the timers and waits for a training in progress (the vault is about to close). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retrainTimer);
    clearInterval(this.checkTimer);
    await this.training;
  }
}
