/**
 * Key rotation: a new data-key version becomes current, then every document
 * is re-encrypted under a fresh document key wrapped by it, a few at a time.
 * Each document switches in its own transaction (new blob first, row second,
 * old blob deleted last), so the job can be killed at any point and simply run
 * again. When nothing refers to an old version any more, it is retired.
 */
import { randomBytes } from 'node:crypto';
import { replaceBlob } from '../documents/documents-repo.js';
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

async function pending(ctx: VaultContext): Promise<number> {
  const row = await ctx.db.read.get<{ n: number }>('SELECT count(*) AS n FROM documents WHERE key_version != ?', [ctx.keyring.current]);
  return row?.n ?? 0;
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
  while (done < limit && !options.signal?.aborted) {
    const batch = await ctx.db.read.all<{ seq: number; id: string; blob_name: string; blob_key: Buffer; key_version: number }>(
      'SELECT seq, id, blob_name, blob_key, key_version FROM documents WHERE key_version != ? ORDER BY seq LIMIT ?',
      [version, Math.min(batchSize, limit - done)],
    );
    if (batch.length === 0) break;
    for (const doc of batch) {
      const oldKey = ctx.keyring.unwrap(doc.key_version, doc.blob_key, `dockey:${doc.id}`);
      const newKey = randomBytes(32);
      const blob = await ctx.blobs.write(ctx.blobs.read(doc.blob_name, oldKey), newKey);
      const wrapped = ctx.keyring.wrap(newKey, `dockey:${doc.id}`);
      oldKey.fill(0);
      newKey.fill(0);
      const switched = await ctx.db.write((tx) => replaceBlob(tx, doc.seq, doc.blob_name, { name: blob.name, key: wrapped.sealed, version: wrapped.version }));
      await ctx.blobs.remove(switched ? doc.blob_name : blob.name);
      done++;
      options.onProgress?.({ done, total, version });
    }
    // Yield between batches so a background rotation never starves the UI's queries.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const remaining = await pending(ctx);
  if (remaining === 0) {
    ctx.keyring.retireAllButCurrent();
    await ctx.saveKeyring();
    await ctx.audit('keys.rotated', { version, documents: done });
  }
  return { version, reencrypted: done, remaining, finished: remaining === 0 };
}
