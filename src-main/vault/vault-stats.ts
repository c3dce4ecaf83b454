/**
 * Home's storage figures: counts from the database, and the bytes the vault
 * takes on disk (database, its WAL, every blob). Read-only; sizes are walked
 * from the folders, so they include what a count of rows cannot see.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VaultStats } from '../../src-shared/vault-info.js';
import type { Vault } from './vault.js';

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

/**
 * Walking every blob costs a stat per file (100,000 at a large vault), and Home asks again on every change during
 * an import: the walk is done at most once per BYTES_FRESH_MS per vault, the counts are always current.
 */
const BYTES_FRESH_MS = 15_000;
const walked = new WeakMap<Vault, { at: number; bytes: Promise<number> }>();

async function bytesOnDisk(paths: { database: string; blobs: string }): Promise<number> {
  const files = [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.blobs];
  let bytes = 0;
  for (const f of files) bytes += await sizeOf(f);
  return bytes;
}

export async function vaultStats(vault: Vault, now = Date.now()): Promise<VaultStats> {
  const { db, paths } = vault.context;
  const row = await db.read.get<{ documents: number; trashed: number }>(
    `SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS documents,
            count(*) FILTER (WHERE deleted_at IS NOT NULL) AS trashed FROM documents`,
  );
  const pages = await db.read.get<{ n: number }>(
    'SELECT count(*) AS n FROM pages JOIN documents d ON d.seq = pages.document_seq WHERE d.deleted_at IS NULL',
  );
  let last = walked.get(vault);
  if (!last || now - last.at >= BYTES_FRESH_MS) {
    last = { at: now, bytes: bytesOnDisk(paths) };
    walked.set(vault, last);
    last.bytes.catch(() => walked.delete(vault)); // a failed walk is tried again next time
  }
  return { documents: row?.documents ?? 0, trashed: row?.trashed ?? 0, pages: pages?.n ?? 0, bytes: await last.bytes };
}
