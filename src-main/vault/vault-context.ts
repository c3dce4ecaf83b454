/**
 * What an unlocked vault holds in memory, and the two things that must stay
 * in step with the database: the key file (keyring, audit anchor) and the
 * audit log.
 */
import { Keyring } from '../crypto/keyring.js';
import { LockleafError } from '../errors.js';
import { forgetSecrets } from '../log/redact.js';
import { BlobStore } from './blobs/blob-store.js';
import type { VaultDb } from './db/vault-db.js';
import type { WriteDb } from './db/connection.js';
import { appendAudit, type AuditAction, type AuditDetails, type AuditHead } from './audit/audit-log.js';
import {
  openAuditAnchor,
  promotePendingRotation,
  sealAuditAnchor,
  sealKeyring,
  writeKeyFile,
  type KeyFile,
} from './keys/key-file.js';
import type { VaultPaths } from './paths.js';
import { getSecret, putSecret, type SecretField } from './secrets/secret-fields.js';
import type { VaultStore } from './vault-store.js';

export class VaultContext implements VaultStore {
  private keyFileQueue: Promise<unknown> = Promise.resolve();
  private closing = false;
  readonly blobs: BlobStore;
  readonly auditKey: Buffer;
  /** The background sweep of leftover blobs started at unlock (see open-vault.ts). */
  sweep: Promise<number> = Promise.resolve(0);

  constructor(
    readonly paths: VaultPaths,
    readonly db: VaultDb,
    readonly keyring: Keyring,
    private rootKey: Buffer,
    public keyFile: KeyFile,
  ) {
    this.blobs = new BlobStore(paths.blobs);
    this.auditKey = keyring.deriveSubkey('audit-mac', keyFile.vaultId);
  }

  get root(): Buffer {
    this.alive();
    return this.rootKey;
  }

  /** Once locking begins, nothing new may use the keys or write the key file. */
  private alive(): void {
    if (this.closing) throw new LockleafError('VAULT_LOCKED', 'The vault was locked; nothing was changed.');
  }

  /** Serialised read-modify-write of the key file; `written` runs once the new file is on disk, before the next change. */
  updateKeyFile(change: (file: KeyFile) => KeyFile | Promise<KeyFile>, written?: () => void): Promise<void> {
    const run = async () => {
      this.alive();
      const next = await change(this.keyFile);
      await writeKeyFile(this.paths.keyFile, next);
      this.keyFile = next;
      written?.();
    };
    const p = this.keyFileQueue.then(run, run);
    this.keyFileQueue = p.catch(() => undefined);
    return p;
  }

  /** Persists the in-memory keyring (after rotation steps). */
  saveKeyring(): Promise<void> {
    return this.updateKeyFile((file) => sealKeyring(file, this.rootKey, this.keyring));
  }

  auditAnchor(): AuditHead | undefined {
    this.alive();
    return openAuditAnchor(this.keyFile, this.rootKey);
  }

  private anchor(head: AuditHead): Promise<void> {
    this.alive();
    // Sealed in turn, not now: a full rotation queued before it may change the root key.
    return this.updateKeyFile((file) => ({ ...file, auditAnchor: sealAuditAnchor(file, this.rootKey, head) }));
  }

  /**
   * The last step of a full rotation (full-rotation.ts): the pending root key
   * and keyring become current in the key file, with the audit head anchored
   * under the new root key; then the in-memory root key and seed are replaced
   * in place, so nothing holding them keeps the old ones.
   */
  commitRotation(next: Keyring, nextRoot: Buffer): Promise<void> {
    return this.updateKeyFile(
      async (file) => {
        const head = await this.db.read.get<AuditHead>('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
        if (!head) throw new Error('the audit log is empty');
        return promotePendingRotation(file, sealAuditAnchor(file, nextRoot, head));
      },
      () => {
        nextRoot.copy(this.rootKey);
        this.keyring.adoptSeed(next);
      },
    );
  }

  /** Appends an audit entry in its own transaction and anchors it. */
  async audit(action: AuditAction, details: AuditDetails = {}): Promise<void> {
    const head = await this.db.write((tx) => appendAudit(tx, this.auditKey, action, details));
    await this.anchor(head);
  }

  /** For writes that must commit together with their audit entry; call `anchorAfter` once committed. */
  async auditIn(tx: WriteDb, action: AuditAction, details: AuditDetails = {}): Promise<AuditHead> {
    return appendAudit(tx, this.auditKey, action, details);
  }

  anchorAfter(head: AuditHead): Promise<void> {
    return this.anchor(head);
  }

  getSecret(ownerId: string, field: SecretField): Promise<string | undefined> {
    return getSecret(this.db.read, this.keyring, ownerId, field);
  }

  putSecret(tx: WriteDb, ownerId: string, field: SecretField, value: string): Promise<void> {
    return putSecret(tx, this.keyring, ownerId, field, value);
  }

  /**
   * Locks at once: waits only for the database transaction and key-file write
   * under way (milliseconds), never for network or OCR work, which finds the
   * vault locked when it comes back. The blob sweep is not waited for either:
   * it only removes files older than this unlock that no row referred to.
   */
  async close(last?: (tx: WriteDb) => Promise<void>): Promise<void> {
    this.closing = true;
    try {
      await this.db.close(last);
      await this.keyFileQueue;
    } finally {
      this.keyring.destroy();
      this.rootKey.fill(0);
      this.auditKey.fill(0);
      forgetSecrets();
    }
  }
}
