/**
 * What services outside the vault (mail, ingest) may use of an unlocked
 * vault: its database, its sealed secret fields and its audit log, but not
 * its keys. `Vault.store` hands this out; `Vault.context` (every raw piece,
 * keys included) is for the vault's own modules and tests.
 */
import type { AuditAction, AuditDetails, AuditHead } from './audit/audit-log.js';
import type { WriteDb } from './db/connection.js';
import type { VaultDb } from './db/vault-db.js';
import type { SecretField } from './secrets/secret-fields.js';
import type { VaultContext } from './vault-context.js';

export interface VaultStore {
  readonly db: Pick<VaultDb, 'read' | 'write'>;
  /** A sealed field (a mailbox password, an OAuth token), opened. */
  getSecret(ownerId: string, field: SecretField): Promise<string | undefined>;
  /** Seals and stores a field inside the caller's transaction. */
  putSecret(tx: WriteDb, ownerId: string, field: SecretField, value: string): Promise<void>;
  /** An audit entry in its own transaction, anchored. */
  audit(action: AuditAction, details?: AuditDetails): Promise<void>;
  /** An audit entry inside the caller's transaction; call anchorAfter once it committed. */
  auditIn(tx: WriteDb, action: AuditAction, details?: AuditDetails): Promise<AuditHead>;
  anchorAfter(head: AuditHead): Promise<void>;
}

/**
 * The store as an object of its own, so a service holding it holds no
 * reference to the keys at run time either (not only in its type).
 */
export function storeOf(ctx: VaultContext): VaultStore {
  const db = ctx.db;
  return Object.freeze({
    db: Object.freeze({
      // A full key rotation opens a new reader: always the current one.
      get read() {
        return db.read;
      },
      write: <T>(fn: (tx: WriteDb) => Promise<T>) => db.write(fn),
    }),
    getSecret: (ownerId: string, field: SecretField) => ctx.getSecret(ownerId, field),
    putSecret: (tx: WriteDb, ownerId: string, field: SecretField, value: string) =>
      ctx.putSecret(tx, ownerId, field, value),
    audit: (action: AuditAction, details?: AuditDetails) => ctx.audit(action, details),
    auditIn: (tx: WriteDb, action: AuditAction, details?: AuditDetails) => ctx.auditIn(tx, action, details),
    anchorAfter: (head: AuditHead) => ctx.anchorAfter(head),
  });
}
