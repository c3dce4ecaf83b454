/**
 * Upkeep while the app holds a vault open: trash past its retention period
 * is purged, and audit entries older than a year go behind a checkpoint, at
 * unlock and every few hours. A broken audit chain is left as evidence.
 */
import type { Logger } from '../log/logger.js';
import type { Vault } from '../vault/vault.js';

/** How often expired trash and year-old audit entries are looked for while the vault is open (also once at unlock). */
export const PURGE_EVERY_MS = 6 * 60 * 60 * 1000;

async function purgeExpired(vault: Vault, onPurged: () => void, log: Logger): Promise<void> {
  const { purged } = await vault.purge();
  if (purged > 0) onPurged();
  const audit = await vault.pruneAudit();
  if (audit.refused) log.warn({ reason: audit.refused }, 'audit log not pruned: it does not verify');
}

/** Runs the upkeep now and every PURGE_EVERY_MS; clear the returned timer at lock. */
export function startUpkeep(vault: Vault, onPurged: () => void, log: Logger): NodeJS.Timeout {
  const run = () =>
    void purgeExpired(vault, onPurged, log).catch((error: unknown) => log.error({ err: error }, 'trash purge failed'));
  const timer = setInterval(run, PURGE_EVERY_MS).unref();
  run();
  return timer;
}
