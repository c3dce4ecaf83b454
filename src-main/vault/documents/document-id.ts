/**
 * The id a newly added document takes. Without sync, a random UUID. With
 * sync set up, an id derived from the file's bytes with the vault's shared
 * document-id key (sync/merge/content-id.ts), so the same file added on two
 * devices while offline is one document once they sync, not two; a file
 * added again after it was purged takes the next generation's id, since a
 * purged id never comes back.
 */
import { randomUUID } from 'node:crypto';
import { liveContentId } from '../../sync/merge/content-id.js';
import type { VaultContext } from '../vault-context.js';
import { syncHostOf } from '../sync-host.js';

export async function newDocumentId(ctx: VaultContext, sha256: string): Promise<string> {
  const host = syncHostOf(ctx);
  const configured = await ctx.db.read.get('SELECT 1 FROM sync_config');
  if (!configured) return randomUUID();
  const sealed = await host.getSyncSecret('keyring');
  if (!sealed) return randomUUID();
  const docIdKey = Buffer.from((JSON.parse(sealed.toString('utf8')) as { docIdKey: string }).docIdKey, 'base64');
  sealed.fill(0);
  const purged = new Set(
    (
      await ctx.db.read.all<{ rid: string }>(`SELECT rid FROM sync_state WHERE entity = 'doc' AND field = 'purgedAt'`)
    ).map((r) => r.rid),
  );
  try {
    return liveContentId(docIdKey, { vaultId: ctx.keyFile.vaultId, sha256 }, (id) => purged.has(id));
  } finally {
    docIdKey.fill(0);
  }
}
