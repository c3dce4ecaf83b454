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
