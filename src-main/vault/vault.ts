/**
 * An unlocked vault: the one object the CLI, the IPC handlers and tests use.
 * Methods are thin; the work lives in the modules beside this one. Vault-wide
 * upkeep (keys, audit log, purge) is in vault-upkeep.ts.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type {
  AddResult,
  CustomFieldKind,
  DocumentDetail,
  DocumentPatch,
  DocumentSummary,
  Facets,
  SavedView,
} from '../../src-shared/documents.js';
import { LockleafError } from '../errors.js';
import type { WriteDb } from './db/connection.js';
import { addDocument, type AddInput } from './documents/add-document.js';
import { dateFacets } from './documents/date-facets.js';
import { hasArchive, openArchive, openContent, storeArchive } from './documents/content.js';
import {
  addTags,
  facets,
  findStored,
  getDetail,
  listDocuments,
  removeTags,
  setCustomField,
  setDeleted,
  setPinned,
  updateDocument,
  type ListOptions,
  type StoredDocument,
} from './documents/documents-repo.js';
import { destroyOpenVault, type DestroyOptions, type DestroyRequest } from './destroy.js';
import type { DestroyReport } from '../../src-shared/destroy.js';
import type { AppSettings } from '../../src-shared/settings.js';
import { readSettings, writeSettings } from './app-settings.js';
import { listViews, removeView, saveView } from './saved-views.js';
import { countMatches, search, type SearchHit, type SearchOptions } from './search/search.js';
import type { VaultContext } from './vault-context.js';
import { storeOf, type VaultStore } from './vault-store.js';
import { syncHostOf, type SyncHost } from './sync-host.js';
import {
  exportVault,
  importVault,
  type ExportOptions,
  type ExportSummary,
  type ImportSummary,
} from './export-import.js';
import { VaultUpkeep } from './vault-upkeep.js';

export class Vault extends VaultUpkeep {
  private closed = false;
  private storeView: VaultStore | undefined;
  private syncView: SyncHost | undefined;

  constructor(
    ctx: VaultContext,
    private readonly releaseLock: () => Promise<void>,
  ) {
    super(ctx);
  }

  get id(): string {
    return this.ctx.keyFile.vaultId;
  }

  get dir(): string {
    return this.ctx.paths.dir;
  }

  /** The database, secret fields and audit log, without the keys: for the mail and ingest services. */
  get store(): VaultStore {
    return (this.storeView ??= storeOf(this.ctx));
  }

  /** For the sync engine: the database, blob files, document keys in and out of the wrap, sync's sealed secrets. */
  get syncHost(): SyncHost {
    return (this.syncView ??= syncHostOf(this.ctx));
  }

  /** For the vault's own modules, tests and maintenance tools that need the raw pieces (keys included). */
  get context(): VaultContext {
    return this.ctx;
  }

  private async stored(id: string): Promise<StoredDocument> {
    const doc = await findStored(this.ctx.db.read, id);
    if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
    return doc;
  }

  add(input: AddInput): Promise<AddResult> {
    return addDocument(this.ctx, input);
  }

  async get(id: string): Promise<DocumentDetail> {
    const doc = await getDetail(this.ctx.db.read, id);
    if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
    return doc;
  }

  list(options?: ListOptions): Promise<DocumentSummary[]> {
    return listDocuments(this.ctx.db.read, options);
  }

  search(query: string, options?: SearchOptions): Promise<SearchHit[]> {
    return search(this.ctx.db.read, query, options);
  }

  count(query: string, options?: Pick<SearchOptions, 'scope'>): Promise<number> {
    return countMatches(this.ctx.db.read, query, options);
  }

  settings(): Promise<AppSettings> {
    return readSettings(this.ctx.db.read);
  }

  async updateSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
    await this.ctx.db.write((tx) => writeSettings(tx, patch));
    return this.settings();
  }

  async facets(): Promise<Facets> {
    const [names, dates] = await Promise.all([facets(this.ctx.db.read), dateFacets(this.ctx.db.read)]);
    return { ...names, ...dates };
  }

  views(): Promise<SavedView[]> {
    return listViews(this.ctx.db.read);
  }

  async saveView(view: SavedView): Promise<SavedView[]> {
    await this.ctx.db.write((tx) => saveView(tx, view));
    return this.views();
  }

  async removeView(name: string): Promise<SavedView[]> {
    await this.ctx.db.write((tx) => removeView(tx, name));
    return this.views();
  }

  /** The decrypted bytes as a stream; errors with BLOB_TAMPERED if the blob was altered. */
  openContent(id: string): Promise<Readable> {
    return openContent(this.ctx, id);
  }

  hasArchive(id: string): Promise<boolean> {
    return hasArchive(this.ctx, id);
  }

  /** The searchable PDF made for an image document, if there is one. */
  openArchive(id: string): Promise<Readable | undefined> {
    return openArchive(this.ctx, id);
  }

  /** Stores an image document's searchable PDF (content.ts); `alsoInTx` runs in the same transaction. */
  storeArchive(
    documentSeq: number,
    documentId: string,
    pdf: Uint8Array | undefined,
    alsoInTx: (tx: WriteDb) => Promise<void>,
  ): Promise<void> {
    return storeArchive(this.ctx, documentSeq, documentId, pdf, alsoInTx);
  }

  async thumbnail(id: string): Promise<{ mime: string; data: Buffer } | undefined> {
    return this.ctx.db.read.get<{ mime: string; data: Buffer }>(
      'SELECT t.mime, t.data FROM thumbnails t JOIN documents d ON d.seq = t.document_seq WHERE d.id = ?',
      [id],
    );
  }

  async readContent(id: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await this.openContent(id)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  /** Writes a decrypted copy where the user asked for it (never elsewhere). */
  async saveContent(id: string, outPath: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await pipeline(
      await this.openContent(id),
      createWriteStream(outPath, { flags: options.overwrite ? 'w' : 'wx', mode: 0o600 }),
    );
  }

  /**
   * One change to many documents, all or nothing, in one transaction: every id
   * is looked up in it first, and an unknown one (DOCUMENT_NOT_FOUND) rolls
   * everything back.
   */
  private each(ids: readonly string[], change: (tx: WriteDb, seq: number) => Promise<void>): Promise<void> {
    return this.ctx.db.write(async (tx) => {
      const seqs: number[] = [];
      for (const id of new Set(ids)) {
        const doc = await findStored(tx, id);
        if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
        seqs.push(doc.seq);
      }
      for (const seq of seqs) await change(tx, seq);
    });
  }

  async update(id: string, patch: DocumentPatch): Promise<DocumentDetail> {
    await this.updateMany([id], patch);
    return this.get(id);
  }

  updateMany(ids: readonly string[], patch: DocumentPatch): Promise<void> {
    const now = new Date().toISOString();
    return this.each(ids, (tx, seq) => updateDocument(tx, seq, patch, now));
  }

  tag(id: string, tags: string[]): Promise<void> {
    return this.retag([id], tags, []);
  }

  untag(id: string, tags: string[]): Promise<void> {
    return this.retag([id], [], tags);
  }

  /** Adds and removes tags on many documents at once (all or nothing). */
  retag(ids: readonly string[], add: readonly string[], remove: readonly string[]): Promise<void> {
    return this.each(ids, async (tx, seq) => {
      if (add.length) await addTags(tx, seq, add);
      if (remove.length) await removeTags(tx, seq, remove);
    });
  }

  async setField(id: string, name: string, kind: CustomFieldKind, value: string | null): Promise<void> {
    const doc = await this.stored(id);
    await this.ctx.db.write((tx) => setCustomField(tx, doc.seq, name, kind, value));
  }

  async pin(id: string, pinned: boolean): Promise<void> {
    const doc = await this.stored(id);
    await this.ctx.db.write((tx) => setPinned(tx, doc.seq, pinned ? new Date().toISOString() : null));
  }

  /** To the trash (kept for the retention period, restorable); many at once, all or nothing. */
  trash(...ids: string[]): Promise<void> {
    const now = new Date().toISOString();
    return this.each(ids, (tx, seq) => setDeleted(tx, seq, now));
  }

  restore(...ids: string[]): Promise<void> {
    return this.each(ids, (tx, seq) => setDeleted(tx, seq, null));
  }

  /** Every document, or only `options.ids` (the window's "Export" on the checked documents). */
  exportTo(
    dir: string,
    onProgress?: (done: number, total: number) => void,
    options?: ExportOptions,
  ): Promise<ExportSummary> {
    return exportVault(this, this.ctx, dir, onProgress, options);
  }

  importFrom(dir: string, onProgress?: (done: number, total: number) => void): Promise<ImportSummary> {
    return importVault(this, this.ctx, dir, onProgress);
  }

  /**
   * Deletes this vault for good (destroy.ts), once the passphrase and the typed
   * confirmation check out; `stopWork` is called then, to stop what uses it.
   */
  destroy(request: DestroyRequest, stopWork?: () => Promise<void>, options?: DestroyOptions): Promise<DestroyReport> {
    if (this.closed) throw new LockleafError('VAULT_LOCKED', 'The vault is locked.');
    const close = () => {
      this.closed = true;
      return this.ctx.close();
    };
    return destroyOpenVault(
      this.ctx,
      request,
      { close, releaseLock: this.releaseLock, ...(stopWork ? { stopWork } : {}) },
      options,
    );
  }

  /** `lastWrite`: a last transaction, after the one under way and before the keys go (AppSession.lock requeues cut-off jobs). */
  async close(options: { lastWrite?: (tx: WriteDb) => Promise<void> } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.ctx.close(options.lastWrite);
    } finally {
      await this.releaseLock();
    }
  }
}
