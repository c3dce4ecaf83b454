/**
 * What the Claude integration (src-main/ai) may use of an unlocked vault: the store (database, audit log)
 * and its one sealed secret, the API key. As with sync-host.ts, the keyring itself never leaves the vault
 * layer: the key is sealed and opened here, under AAD 'ai-key', and re-sealed here by key rotation.
 */
import { registerSecret } from '../log/redact.js';
import type { ReadDb, WriteDb } from './db/connection.js';
import type { VaultContext } from './vault-context.js';
import type { VaultStore } from './vault-store.js';
import type { Vault } from './vault.js';

const KEY_AAD = 'ai-key';

export interface AiHost extends VaultStore {
  /** The key sealed under the current data key, for the ai_config row. */
  sealAiKey(key: string): { version: number; sealed: Buffer };
  /** The API key, opened for one request (and registered with the log scrubber); undefined when AI is off. */
  openAiKey(): Promise<string | undefined>;
}

export function aiHostOf(vault: Vault): AiHost {
  const ctx = vault.context;
  const store = vault.store;
  return Object.freeze({
    db: store.db,
    getSecret: store.getSecret,
    putSecret: store.putSecret,
    audit: store.audit,
    auditIn: store.auditIn,
    anchorAfter: store.anchorAfter,
    sealAiKey(key: string) {
      registerSecret(key);
      return ctx.keyring.wrap(Buffer.from(key, 'utf8'), KEY_AAD);
    },
    async openAiKey() {
      const row = await ctx.db.read.get<{ enabled: number; key_sealed: Buffer | null; key_version: number | null }>(
        'SELECT enabled, key_sealed, key_version FROM ai_config WHERE id = 1',
      );
      if (row?.enabled !== 1 || !row.key_sealed || row.key_version === null) return undefined;
      const plain = ctx.keyring.unwrap(row.key_version, row.key_sealed, KEY_AAD);
      const key = plain.toString('utf8');
      plain.fill(0);
      registerSecret(key);
      return key;
    },
  });
}

/** Key rotation: the AI key re-sealed under the current data key when it is not already (0 or 1). */
export async function resealAiKey(ctx: VaultContext): Promise<number> {
  return ctx.db.write(async (tx: WriteDb) => {
    const row = await tx.get<{ key_sealed: Buffer; key_version: number }>(
      'SELECT key_sealed, key_version FROM ai_config WHERE id = 1 AND key_sealed IS NOT NULL AND key_version != ?',
      [ctx.keyring.current],
    );
    if (!row) return 0;
    const plain = ctx.keyring.unwrap(row.key_version, row.key_sealed, KEY_AAD);
    const { version, sealed } = ctx.keyring.wrap(plain, KEY_AAD);
    plain.fill(0);
    await tx.run('UPDATE ai_config SET key_sealed = ?, key_version = ? WHERE id = 1', [sealed, version]);
    return 1;
  });
}

export async function pendingAiKey(db: ReadDb, version: number): Promise<number> {
  const row = await db.get<{ n: number }>(
    'SELECT count(*) AS n FROM ai_config WHERE key_sealed IS NOT NULL AND key_version != ?',
    [version],
  );
  return row?.n ?? 0;
}
