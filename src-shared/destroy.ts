/**
 * Deleting a vault for good needs the passphrase and a typed confirmation:
 * this phrase, or the vault's short id (the first 8 characters of its id).
 */
export const DESTROY_PHRASE = 'delete my vault';

/** The vault's id as people type it: what the CLI asks for, and prints when it is missing. */
export function shortVaultId(vaultId: string): string {
  return vaultId.slice(0, 8);
}

/** Whether `typed` confirms deleting the vault with this id (case and surrounding spaces aside). */
export function confirmsDestroy(typed: string, vaultId: string): boolean {
  const t = typed.trim().toLowerCase();
  return t === DESTROY_PHRASE || t === shortVaultId(vaultId).toLowerCase() || t === vaultId.toLowerCase();
}

export interface DestroyReport {
  /** The short id of the vault that was deleted. */
  vault: string;
  /** Files found in the vault folder that Lockleaf did not write: left where they are (and the folder with them). */
  leftovers: string[];
}
