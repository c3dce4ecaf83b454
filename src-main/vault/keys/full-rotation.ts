/**
 * Full key rotation (`lockleaf rotate-key --full`): every key changes. After
 * it, nothing sealed or derived before it opens anything the vault holds now.
 *
 *   1. data keys: a new version, every document key re-wrapped and blob
 *      re-encrypted, secret fields re-sealed, old versions retired
 *      (rotation.ts; resumable on its own);
 *   2. the next root key and keyring (same data keys, a new seed, so a new
 *      database key and audit MAC key) are written into the key file as a
 *      *pending* rotation, the root key wrapped by the same passphrase;
 *   3. the database is rekeyed in place (VaultDb.rekey: one transaction);
 *   4. the audit chain is re-MACed under the new audit key (one transaction);
 *   5. the pending entry becomes the current one (one atomic file write).
 *
 * A crash anywhere leaves a state the next unlock settles (rotation-recovery.ts):
 * before 3 commits the database opens under the current keys and the pending
 * entry is dropped (the rotation simply did not happen, apart from step 1);
 * after it, the database opens only under the pending keys, so the unlock
 * finishes 4 and 5 itself.
 */
import { randomKey } from '../../crypto/aead.js';
import { LockleafError } from '../../errors.js';
import { verifyAudit } from '../audit/audit-log.js';
import type { VaultContext } from '../vault-context.js';
import { rekeyAuditChain } from './audit-rekey.js';
import { withPendingRotation } from './key-file.js';
import { rotateKeys, type RotationOptions } from './rotation.js';
import { checkPassphraseThrottled } from './check-passphrase.js';

export const fullRotationSteps = ['data-keys', 'pending-written', 'rekeyed', 'audit-moved', 'committed'] as const;
export type FullRotationStep = (typeof fullRotationSteps)[number];

export interface FullRotationOptions extends Pick<RotationOptions, 'batchSize' | 'onProgress' | 'signal'> {
  /** Called after each step; tests throw from it to stop the rotation there, as a crash would. */
  afterStep?: (step: FullRotationStep) => void | Promise<void>;
}

export interface FullRotationReport {
  /** The data-key version now current. */
  version: number;
  reencrypted: number;
  /** False when stopped (signal) before the root key changed; run again to go on. */
  finished: boolean;
}

export async function rotateAllKeys(
  ctx: VaultContext,
  passphrase: string,
  options: FullRotationOptions = {},
): Promise<FullRotationReport> {
  const step = async (name: FullRotationStep) => options.afterStep?.(name);
  if (ctx.keyFile.pendingRotation) {
    throw new LockleafError(
      'NOT_AVAILABLE',
      'A full key rotation was cut short in this session. Lock and unlock the vault (that settles it), then run it again; nothing was changed.',
    );
  }
  await checkPassphraseThrottled(ctx, passphrase);
  // Re-MACing a broken chain would hide the damage: refuse before anything changes.
  const verdict = await verifyAudit(ctx.db.read, ctx.auditKey, ctx.auditAnchor());
  if (!verdict.ok) {
    throw new LockleafError(
      'AUDIT_CHAIN_BROKEN',
      `The audit log is broken at entry ${verdict.brokenAt} (${verdict.reason}); a full rotation would re-sign it, so nothing was changed.`,
    );
  }

  let reencrypted = 0;
  let report = await rotateKeys(ctx, options);
  reencrypted += report.reencrypted;
  while (!report.finished && !options.signal?.aborted) {
    report = await rotateKeys(ctx, options);
    reencrypted += report.reencrypted;
  }
  if (!report.finished) return { version: report.version, reencrypted, finished: false };
  await step('data-keys');

  const vaultId = ctx.keyFile.vaultId;
  const nextRoot = randomKey();
  const next = ctx.keyring.withNewSeed();
  try {
    await ctx.updateKeyFile((file) => withPendingRotation(file, nextRoot, next, passphrase));
    await step('pending-written');

    const oldDbKey = ctx.keyring.deriveSubkey('sqlcipher', vaultId);
    const newDbKey = next.deriveSubkey('sqlcipher', vaultId);
    try {
      await ctx.db.rekey(oldDbKey, newDbKey);
    } finally {
      oldDbKey.fill(0);
      newDbKey.fill(0);
    }
    await step('rekeyed');

    const newAuditKey = next.deriveSubkey('audit-mac', vaultId);
    const oldAuditKey = Buffer.from(ctx.auditKey);
    try {
      await ctx.db.write(async (tx) => {
        // Checked again inside the transaction; if it broke since, it is left as it is (and verify says so).
        await rekeyAuditChain(tx, ctx.auditKey, newAuditKey, ctx.auditAnchor());
        // In place, before the commit: every append queued behind this one MACs under the new key.
        newAuditKey.copy(ctx.auditKey);
      });
    } catch (error) {
      oldAuditKey.copy(ctx.auditKey); // rolled back: the chain is still under the old key
      throw error;
    } finally {
      newAuditKey.fill(0);
      oldAuditKey.fill(0);
    }
    await step('audit-moved');

    await ctx.commitRotation(next, nextRoot);
    await step('committed');
  } finally {
    nextRoot.fill(0);
    next.destroy();
  }
  await ctx.audit('keys.rotated', { version: report.version, full: true });
  return { version: report.version, reencrypted, finished: true };
}
