/**
 * Emptying the trash for good: rows, page texts, search entries and blob
 * files go, and with the row the wrapped document key — without it the blob's
 * ciphertext (in a backup, say) can never be opened again.
 */
import type { PurgeReport } from '../../src-shared/documents.js';
import { LockleafError } from '../errors.js';
import { removeSearchRow } from './search/search-index.js';
import type { VaultContext } from './vault-context.js';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeOptions {
  /** Purge everything in the trash, not only what has been there long enough. */
  all?: boolean;
  retentionDays?: number;
  now?: Date;
}

export type { PurgeReport };

export async function retentionDays(ctx: VaultContext): Promise<number> {
  const row = await ctx.db.read.get<{ value: string }>("SELECT value FROM meta WHERE key = 'trash_retention_days'");
  return row ? Number(row.value) : DEFAULT_RETENTION_DAYS;
}

export async function setRetentionDays(ctx: VaultContext, days: number): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new LockleafError('INVALID_INPUT', 'Trash retention must be a whole number of days from 1 to 3650.');
  }
  await ctx.db.write((tx) =>
    tx.run(
      "INSERT INTO meta (key, value) VALUES ('trash_retention_days', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(days)],
    ),
  );
}

export async function purgeTrash(ctx: VaultContext, options: PurgeOptions = {}): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  const days = options.retentionDays ?? (await retentionDays(ctx));
  const cutoff = options.all ? now.toISOString() : new Date(now.getTime() - days * DAY_MS).toISOString();
  // The list is read inside the write transaction and each delete repeats the
  // condition: a document restored (or trashed again later) after the purge
  // began is not in the list, and never deleted.
  const { doomed, head } = await ctx.db.write(async (tx) => {
    const doomed = await tx.all<{ seq: number; blob_name: string; archive_blob_name: string | null }>(
      'SELECT seq, blob_name, archive_blob_name FROM documents WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
      [cutoff],
    );
    if (doomed.length === 0) return { doomed, head: undefined };
    for (const { seq } of doomed) {
      await removeSearchRow(tx, seq);
      await tx.run('DELETE FROM documents WHERE seq = ? AND deleted_at IS NOT NULL AND deleted_at <= ?', [seq, cutoff]);
    }
    return { doomed, head: await ctx.auditIn(tx, 'trash.purged', { documents: doomed.length }) };
  });
  if (!head) return { purged: 0 };
  await ctx.anchorAfter(head);
  // Rows are gone first; a crash here leaves orphan blobs, swept at the next unlock.
  for (const doc of doomed) {
    await ctx.blobs.remove(doc.blob_name);
    if (doc.archive_blob_name) await ctx.blobs.remove(doc.archive_blob_name);
  }
  return { purged: doomed.length };
}
