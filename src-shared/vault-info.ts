/** What Settings → Security and Home show about the vault as a whole (no secrets, no document content). */

/** Storage figures for Home: counted from the database, sizes from the files on disk. */
export interface VaultStats {
  /** Documents in the library (not in the trash). */
  documents: number;
  /** Documents in the trash, still taking room until purged. */
  trashed: number;
  /** Pages read, across the library's documents. */
  pages: number;
  /** Bytes on disk: the database (with its journal) and every encrypted blob. */
  bytes: number;
}

/** Another device's audit log, as sync brought its signed segments. */
export interface OtherAudit {
  name: string;
  entries: number;
  /** The first entry missing, when the received entries skip one. */
  missingFrom?: number;
}

/** `audit:verify`: this device's chain as `vault.verifyAudit()` answers it, and each synced device's. */
export type AuditCheck = (
  { ok: true; entries: number; pruned?: number } | { ok: false; entries: number; brokenAt: number; reason: string }
) & { others: OtherAudit[] };

/** `vault:rotateKeys`: the data-key version now current and how many items were re-encrypted. */
export interface RotateKeysResult {
  version: number;
  reencrypted: number;
  /** True for a full rotation (root, database and audit keys replaced too). */
  full: boolean;
}
