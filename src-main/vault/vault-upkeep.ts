/**
 * The vault-wide upkeep half of Vault (vault.ts extends it, so callers see one
 * object): keys and passphrase, the audit log, purging the trash, the
 * database's integrity. Split off to keep each file readable.
 */
import type { KdfCost } from '../crypto/kdf.js';
import {
  pruneAuditLog,
  verifyAudit,
  type AuditPruneOptions,
  type AuditPruneReport,
  type AuditVerdict,
} from './audit/audit-log.js';
import { changePassphrase } from './keys/change-passphrase.js';
import { rotateAllKeys, type FullRotationOptions, type FullRotationReport } from './keys/full-rotation.js';
import { rotateKeys, type RotationOptions, type RotationReport } from './keys/rotation.js';
import { purgeTrash, type PurgeOptions, type PurgeReport } from './trash.js';
import type { VaultContext } from './vault-context.js';

export abstract class VaultUpkeep {
  constructor(protected readonly ctx: VaultContext) {}

  purge(options?: PurgeOptions): Promise<PurgeReport> {
    return purgeTrash(this.ctx, options);
  }

  /** Re-wraps the root key under a new passphrase (keys/change-passphrase.ts). */
  changePassphrase(current: string, next: string, cost?: KdfCost): Promise<void> {
    return changePassphrase(this.ctx, current, next, cost);
  }

  rotateKeys(options?: RotationOptions): Promise<RotationReport> {
    return rotateKeys(this.ctx, options);
  }

  /** Replaces every key: data keys, then the root, database and audit keys (full-rotation.ts); `passphrase` wraps the new root key. */
  rotateAllKeys(passphrase: string, options?: FullRotationOptions): Promise<FullRotationReport> {
    return rotateAllKeys(this.ctx, passphrase, options);
  }

  verifyAudit(): Promise<AuditVerdict> {
    return verifyAudit(this.ctx.db.read, this.ctx.auditKey, this.ctx.auditAnchor());
  }

  /** Audit entries older than a year go, behind one checkpoint entry (audit-log.ts). */
  pruneAudit(options?: AuditPruneOptions): Promise<AuditPruneReport> {
    const anchor = this.ctx.auditAnchor();
    return this.ctx.db.write((tx) => pruneAuditLog(tx, this.ctx.auditKey, anchor, options));
  }

  integrityCheck(): Promise<string[]> {
    return this.ctx.db.integrityCheck();
  }
}
