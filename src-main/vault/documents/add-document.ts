/**
 * Storing one file: sniff its type, encrypt it into a new blob under a fresh
 * document key (hashing on the way), then commit the row, its page texts and
 * its search entry in one transaction. Until that commit the document does
 * not exist; a crash before it leaves only an orphan blob, removed at open.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import type { AddResult, PageText } from '../../../src-shared/documents.js';
import { newDocumentId } from './document-id.js';
import { LockleafError } from '../../errors.js';
import type { WriteDb } from '../db/connection.js';
import type { VaultContext } from '../vault-context.js';
import { detectFileType, detectType } from './detect-type.js';
import { addTags, findBySha256, insertDocument, updateDocument } from './documents-repo.js';

/** Text files up to this size are indexed whole; larger ones are stored unindexed. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

export interface AddInput {
  /** Read from this path, or use `bytes`. */
  path?: string;
  bytes?: Buffer;
  /** The name shown to the user; defaults to the path's base name. */
  name?: string;
  title?: string;
  notes?: string;
  createdAt?: string;
  tags?: string[];
  type?: string | null;
  correspondent?: string | null;
  /** Page texts already known (an import); otherwise extracted here where trivial. */
  pages?: PageText[];
  onBytes?: (bytes: number) => void;
  /** Runs inside the transaction that creates the document (e.g. to queue its ingest job). */
  onInsert?: (tx: WriteDb, seq: number) => Promise<void>;
}

async function readHead(input: AddInput): Promise<Buffer> {
  if (input.bytes) return input.bytes.subarray(0, 64 * 1024);
  const handle = await open(input.path!, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function extractPages(input: AddInput, mime: string): Promise<PageText[]> {
  if (mime !== 'text/plain') return [];
  const size = input.bytes ? input.bytes.length : (await stat(input.path!)).size;
  if (size > MAX_TEXT_BYTES) return [];
  const bytes =
    input.bytes ??
    (await Readable.from(createReadStream(input.path!))
      .toArray()
      .then((parts) => Buffer.concat(parts as Buffer[])));
  return [{ pageNo: 1, text: new TextDecoder('utf-8').decode(bytes), confidence: null }];
}

export async function addDocument(ctx: VaultContext, input: AddInput): Promise<AddResult> {
  if (!input.path && !input.bytes) throw new Error('addDocument needs a path or bytes');
  const name = input.name ?? basename(input.path ?? 'document');
  let head: Buffer;
  let createdAt = input.createdAt;
  try {
    head = await readHead(input);
    if (input.path && !createdAt) createdAt = (await stat(input.path)).mtime.toISOString();
  } catch (cause) {
    throw new LockleafError('FILE_UNREADABLE', `Cannot read ${name}: ${(cause as Error).message}`, undefined, {
      cause,
    });
  }
  const { mime } = input.bytes ? await detectType(input.bytes) : await detectFileType(input.path!, head);
  const pages = input.pages ?? (await extractPages(input, mime));

  const docKey = randomBytes(32);
  let blob: Awaited<ReturnType<typeof ctx.blobs.write>>;
  let wrapped: ReturnType<typeof ctx.keyring.wrap>;
  let id: string;
  try {
    const source = input.bytes ? Readable.from([input.bytes]) : createReadStream(input.path!);
    blob = await ctx.blobs.write(source, docKey, input.onBytes);
    // Known only once the bytes are hashed: with sync, the id is derived from them.
    id = await newDocumentId(ctx, blob.sha256).catch(async (error: unknown) => {
      await ctx.blobs.remove(blob.name);
      throw error;
    });
    wrapped = ctx.keyring.wrap(docKey, `dockey:${id}`);
  } finally {
    docKey.fill(0); // also when the write fails: the stream keeps its own copy while it runs
  }

  const existing = await findBySha256(ctx.db.read, blob.sha256);
  if (existing) {
    await ctx.blobs.remove(blob.name);
    return { status: 'duplicate', id: existing.id, title: existing.title, inTrash: existing.deletedAt !== null };
  }
  const now = new Date().toISOString();
  const title = input.title ?? (basename(name, extname(name)) || name);
  try {
    await ctx.db.write(async (tx) => {
      const seq = await insertDocument(
        tx,
        {
          id,
          title,
          originalName: name,
          mime,
          size: blob.size,
          sha256: blob.sha256,
          createdAt: createdAt ?? now,
          addedAt: now,
          notes: input.notes ?? '',
          blobName: blob.name,
          blobKey: wrapped.sealed,
          keyVersion: wrapped.version,
        },
        pages,
      );
      await updateDocument(
        tx,
        seq,
        { type: input.type ?? undefined, correspondent: input.correspondent ?? undefined },
        now,
      );
      if (input.tags?.length) await addTags(tx, seq, input.tags);
      await input.onInsert?.(tx, seq);
    });
  } catch (error) {
    await ctx.blobs.remove(blob.name);
    // Two adds of the same bytes raced: the other one won.
    const winner = /UNIQUE constraint failed: documents.sha256/.test(String(error))
      ? await findBySha256(ctx.db.read, blob.sha256)
      : undefined;
    if (winner) return { status: 'duplicate', id: winner.id, title: winner.title, inTrash: winner.deletedAt !== null };
    throw error;
  }
  return { status: 'added', id, title };
}
