/** Importing one document of an export folder (export-import.ts), all or nothing. */
import { randomBytes } from 'node:crypto';
import { LockleafError } from '../errors.js';
import { setCustomField, setDeleted, setPinned } from './documents/documents-repo.js';
import type { ExportFolder, FileRef } from './export-folder.js';
import { MAX_ARCHIVE_BYTES, MAX_DOCUMENT_BYTES, MAX_THUMBNAIL_BYTES, type Entry } from './export-import.js';
import type { Vault } from './vault.js';
import type { VaultContext } from './vault-context.js';

/** The searchable PDF's blob, written and checked before its document's transaction (which then takes it). */
async function writeArchiveBlob(
  ctx: VaultContext,
  folder: ExportFolder,
  ref: FileRef,
): Promise<{ name: string; key: Buffer }> {
  const key = randomBytes(32);
  const blob = await ctx.blobs.write(await folder.stream(ref, MAX_ARCHIVE_BYTES), key);
  if (blob.sha256 !== ref.sha256 || blob.size !== ref.size) {
    key.fill(0);
    await ctx.blobs.remove(blob.name);
    throw new LockleafError('IMPORT_INVALID', `${ref.file} does not match its manifest entry (changed or damaged).`);
  }
  return { name: blob.name, key };
}

/**
 * One document, all or nothing: everything that can fail (reading and checking
 * its files) happens first, then the document and all it carries (fields, pin,
 * searchable PDF, thumbnail, trash state) are stored in one transaction. A kill
 * or a bad file part-way leaves no half-imported document for a re-run to skip.
 */
export async function importEntry(
  vault: Vault,
  ctx: VaultContext,
  folder: ExportFolder,
  entry: Entry,
): Promise<boolean> {
  const bytes = await folder.read({ file: entry.file, size: entry.size, sha256: entry.sha256 }, MAX_DOCUMENT_BYTES);
  const thumbnail = entry.thumbnail && {
    mime: entry.thumbnail.mime,
    data: await folder.read(entry.thumbnail, MAX_THUMBNAIL_BYTES),
  };
  const archive = entry.archive ? await writeArchiveBlob(ctx, folder, entry.archive) : undefined;
  const now = new Date().toISOString();
  try {
    const result = await vault.add({
      bytes,
      name: entry.originalName,
      title: entry.title,
      notes: entry.notes,
      createdAt: entry.createdAt,
      tags: entry.tags,
      type: entry.type,
      correspondent: entry.correspondent,
      pages: entry.pages,
      onInsert: async (tx, seq) => {
        for (const field of entry.customFields) await setCustomField(tx, seq, field.name, field.kind, field.value);
        if (entry.pinned) await setPinned(tx, seq, now);
        if (archive) {
          const row = await tx.get<{ id: string }>('SELECT id FROM documents WHERE seq = ?', [seq]);
          const wrapped = ctx.keyring.wrap(archive.key, `archivekey:${row!.id}`);
          await tx.run(
            'UPDATE documents SET archive_blob_name = ?, archive_blob_key = ?, archive_key_version = ? WHERE seq = ?',
            [archive.name, wrapped.sealed, wrapped.version, seq],
          );
        }
        if (thumbnail) {
          await tx.run('INSERT OR REPLACE INTO thumbnails (document_seq, mime, data) VALUES (?, ?, ?)', [
            seq,
            thumbnail.mime,
            thumbnail.data,
          ]);
        }
        if (entry.deletedAt) await setDeleted(tx, seq, now);
      },
    });
    // A document the vault already has keeps what it has.
    if (result.status !== 'added' && archive) await ctx.blobs.remove(archive.name);
    return result.status === 'added';
  } catch (error) {
    if (archive) await ctx.blobs.remove(archive.name).catch(() => undefined);
    throw error;
  } finally {
    archive?.key.fill(0);
  }
}
