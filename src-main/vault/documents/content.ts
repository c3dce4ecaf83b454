/**
 * A document's bytes: its original and, for an image document, the searchable
 * PDF made from it (the archive). Each is a blob under its own key, wrapped
 * by the keyring with the document's id as associated data.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { LockleafError } from '../../errors.js';
import type { WriteDb } from '../db/connection.js';
import type { VaultContext } from '../vault-context.js';
import { findStored } from './documents-repo.js';

/** The decrypted original as a stream; errors with BLOB_TAMPERED if the blob was altered. */
export async function openContent(ctx: VaultContext, id: string): Promise<Readable> {
  const doc = await findStored(ctx.db.read, id);
  if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
  const key = ctx.keyring.unwrap(doc.keyVersion, doc.blobKey, `dockey:${doc.id}`);
  try {
    return ctx.blobs.read(doc.blobName, key);
  } finally {
    key.fill(0); // the stream decrypts with its own copy
  }
}

export async function hasArchive(ctx: VaultContext, id: string): Promise<boolean> {
  const row = await ctx.db.read.get<{ name: string | null }>(
    'SELECT archive_blob_name AS name FROM documents WHERE id = ?',
    [id],
  );
  return Boolean(row?.name);
}

/** The searchable PDF made for an image document, if there is one. */
export async function openArchive(ctx: VaultContext, id: string): Promise<Readable | undefined> {
  const row = await ctx.db.read.get<{ name: string | null; key: Buffer | null; version: number | null }>(
    'SELECT archive_blob_name AS name, archive_blob_key AS key, archive_key_version AS version FROM documents WHERE id = ?',
    [id],
  );
  if (!row) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
  if (!row.name || !row.key || row.version === null) return undefined;
  const key = ctx.keyring.unwrap(row.version, row.key, `archivekey:${id}`);
  try {
    return ctx.blobs.read(row.name, key);
  } finally {
    key.fill(0); // the stream decrypts with its own copy
  }
}

/**
 * Stores `pdf` as a document's archive (when given) and runs `alsoInTx` in the
 * same transaction: ingest uses it to drop the page PDFs the archive was
 * merged from.
 */
export async function storeArchive(
  ctx: VaultContext,
  documentSeq: number,
  documentId: string,
  pdf: Uint8Array | undefined,
  alsoInTx: (tx: WriteDb) => Promise<void>,
): Promise<void> {
  let archive: { name: string; sealed: Buffer; version: number } | undefined;
  if (pdf) {
    const key = randomBytes(32);
    try {
      const blob = await ctx.blobs.write(Readable.from([Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)]), key);
      const wrapped = ctx.keyring.wrap(key, `archivekey:${documentId}`);
      archive = { name: blob.name, sealed: wrapped.sealed, version: wrapped.version };
    } finally {
      key.fill(0);
    }
  }
  await ctx.db.write(async (tx) => {
    if (archive) {
      await tx.run(
        'UPDATE documents SET archive_blob_name = ?, archive_blob_key = ?, archive_key_version = ? WHERE seq = ?',
        [archive.name, archive.sealed, archive.version, documentSeq],
      );
    }
    await alsoInTx(tx);
  });
}
