/**
 * Key rotation: a new data-key version becomes current, then every document
 * is re-encrypted under a fresh document key wrapped by it, a few at a time.
 * Each document switches in its own transaction (new blob first, row second,
 * old blob deleted last), so the job can be killed at any point and simply run
 * again. Sealed secret fields (mailbox credentials, sync secrets, the Claude
 * API key) are re-sealed the same way, a batch per transaction. When nothing refers to an old version any
 * more, it is retired.
 */
import { randomBytes } from 'node:crypto';
import { pendingSecrets, resealSecrets } from '../secrets/secret-fields.js';
import { pendingSyncSecrets, resealSyncSecrets } from '../sync-host.js';
import { pendingAiKey, resealAiKey } from '../ai-host.js';
import type { VaultContext } from '../vault-context.js';

export interface RotationOptions {
  batchSize?: number;
  onProgress?: (progress: { done: number; total: number; version: number }) => void;
  /** Stop after this many documents (to pause a background job). */
  maxDocuments?: number;
  signal?: AbortSignal;
}

export interface RotationReport {
  version: number;
  reencrypted: number;
  remaining: number;
  finished: boolean;
}

/** Each kind of encrypted blob a document can have, with the columns that hold it. */
const SLOTS = [
  { name: 'blob_name', key: 'blob_key', version: 'key_version', aad: 'dockey' },
  { name: 'archive_blob_name', key: 'archive_blob_key', version: 'archive_key_version', aad: 'archivekey' },
] as const;
type Slot = (typeof SLOTS)[number];

async function pending(ctx: VaultContext): Promise<number> {
  let n = 0;
  for (const s of SLOTS) {
    const row = await ctx.db.read.get<{ n: number }>(
      `SELECT count(*) AS n FROM documents WHERE ${s.name} IS NOT NULL AND ${s.version} != ?`,
      [ctx.keyring.current],
    );
    n += row?.n ?? 0;
  }
  return (
    n +
    (await pendingSecrets(ctx.db.read, ctx.keyring.current)) +
    (await pendingSyncSecrets(ctx.db.read, ctx.keyring.current)) +
    (await pendingAiKey(ctx.db.read, ctx.keyring.current))
  );
}

/** Re-encrypts one blob under a fresh key and points the row at it. */
async function reencrypt(
  ctx: VaultContext,
  slot: Slot,
  doc: { seq: number; id: string; name: string; key: Buffer; version: number },
): Promise<void> {
  const aad = `${slot.aad}:${doc.id}`;
  const oldKey = ctx.keyring.unwrap(doc.version, doc.key, aad);
  const newKey = randomBytes(32);
  let blob: Awaited<ReturnType<typeof ctx.blobs.write>>;
  let wrapped: ReturnType<typeof ctx.keyring.wrap>;
  try {
    // The decrypting stream keeps its own copy of the old key (zeroed when it ends).
    const plain = ctx.blobs.read(doc.name, oldKey);
    oldKey.fill(0);
    blob = await ctx.blobs.write(plain, newKey);
    wrapped = ctx.keyring.wrap(newKey, aad);
  } finally {
    // Also when the read or write fails (a damaged blob, a full disk, a lock).
    oldKey.fill(0);
    newKey.fill(0);
  }
  const { changes } = await ctx.db.write((tx) =>
    tx.run(
      `UPDATE documents SET ${slot.name} = ?, ${slot.key} = ?, ${slot.version} = ? WHERE seq = ? AND ${slot.name} = ?`,
      [blob.name, wrapped.sealed, wrapped.version, doc.seq, doc.name],
    ),
  );
  // The old blob goes only after the row points at the new one (or the new one, if the row moved on).
  await ctx.blobs.remove(changes === 1 ? doc.name : blob.name);
}

export async function rotateKeys(ctx: VaultContext, options: RotationOptions = {}): Promise<RotationReport> {
  const batchSize = Math.max(1, options.batchSize ?? 16);
  // An unfinished rotation (more than one version) is resumed, not restarted.
  if (ctx.keyring.versions.length === 1) {
    const version = ctx.keyring.addVersion();
    await ctx.saveKeyring();
    await ctx.audit('keys.rotation_started', { version });
  }
  const version = ctx.keyring.current;
  const total = await pending(ctx);
  let done = 0;
  const limit = options.maxDocuments ?? Infinity;
  for (const slot of SLOTS) {
    while (done < limit && !options.signal?.aborted) {
      const batch = await ctx.db.read.all<{ seq: number; id: string; name: string; key: Buffer; version: number }>(
        `SELECT seq, id, ${slot.name} AS name, ${slot.key} AS key, ${slot.version} AS version FROM documents
         WHERE ${slot.name} IS NOT NULL AND ${slot.version} != ? ORDER BY seq LIMIT ?`,
        [version, Math.min(batchSize, limit - done)],
      );
      if (batch.length === 0) break;
      for (const doc of batch) {
        await reencrypt(ctx, slot, doc);
        done++;
        options.onProgress?.({ done, total, version });
      }
      // Yield between batches so a background rotation never starves the UI's queries.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  while (done < limit && !options.signal?.aborted) {
    const n = await resealSecrets((fn) => ctx.db.write(fn), ctx.keyring, Math.min(batchSize, limit - done));
    if (n === 0) break;
    done += n;
    options.onProgress?.({ done, total, version });
  }
  while (done < limit && !options.signal?.aborted) {
    const n = await resealSyncSecrets(ctx, Math.min(batchSize, limit - done));
    if (n === 0) break;
    done += n;
    options.onProgress?.({ done, total, version });
  }
  // The Claude API key (one sealed value), so retiring the old version never strands it.
  if (done < limit && !options.signal?.aborted) {
    const n = await resealAiKey(ctx);
    done += n;
    if (n > 0) options.onProgress?.({ done, total, version });
  }
  const remaining = await pending(ctx);
  if (remaining === 0) {
    ctx.keyring.retireAllButCurrent();
    await ctx.saveKeyring();
    await ctx.audit('keys.rotated', { version, documents: done });
  }
  return { version, reencrypted: done, remaining, finished: remaining === 0 };
}
