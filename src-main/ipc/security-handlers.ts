/**
 * Settings → Security and Home (issue 16): rotating keys, checking the audit
 * log and the vault's storage figures, as the CLI's `rotate-key` and `audit
 * verify` do; spread into handlers.ts's table.
 */
import type { ChannelPayload } from '../../src-shared/bridge/schemas.js';
import type { AuditCheck, RotateKeysResult } from '../../src-shared/vault-info.js';
import { verifyOtherAudits } from '../sync/engine/audit-records.js';
import { vaultStats } from '../vault/vault-stats.js';
import type { AppSession } from './app-session.js';
import type { KeyOperations } from './key-operations.js';

/** `keys`: one key operation at a time (key-operations.ts), shared with the passphrase and destroy handlers. */
export function securityHandlers(session: AppSession, keys: KeyOperations) {
  const rotate = async (passphrase: string | undefined): Promise<RotateKeysResult> => {
    const vault = session.vault;
    const onProgress = (p: { done: number; total: number }) =>
      session.emit('keys:progress', { done: p.done, total: p.total });
    if (passphrase !== undefined) {
      const full = await vault.rotateAllKeys(passphrase, { onProgress });
      return { version: full.version, reencrypted: full.reencrypted, full: true };
    }
    // Like `lockleaf rotate-key`: resumable batches, run until nothing is left under the old version.
    let reencrypted = 0;
    for (;;) {
      const report = await vault.rotateKeys({ onProgress });
      reencrypted += report.reencrypted;
      if (report.finished) return { version: report.version, reencrypted, full: false };
    }
  };
  return {
    'vault:rotateKeys': async ({ passphrase }: ChannelPayload<'vault:rotateKeys'>): Promise<RotateKeysResult> => {
      return keys.run('rotation', () => rotate(passphrase));
    },
    'audit:verify': async (): Promise<AuditCheck> => {
      const verdict = await session.vault.verifyAudit();
      const others = (await verifyOtherAudits(session.vault.syncHost.read)).map((o) => ({
        name: o.name,
        entries: o.entries,
        ...(o.missingFrom !== undefined ? { missingFrom: o.missingFrom } : {}),
      }));
      return { ...verdict, others };
    },
    'vault:stats': async () => vaultStats(session.vault),
  };
}
