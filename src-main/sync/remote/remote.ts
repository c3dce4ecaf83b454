/**
 * What sync needs from a bucket, and nothing more. The engine (change log,
 * snapshots, blobs) is written against this interface so a test, a future
 * provider or a wrapper (counting, throttling) can stand in without an SDK.
 *
 * Every object is opaque ciphertext under a meaningless key. Keys are UTF-8,
 * 1..1024 bytes, without a leading slash; listing order is the bucket's
 * (byte order of the UTF-8 key), which is what `startAfter` relies on.
 */
import type { Readable } from 'node:stream';

/** `exists`: another writer got there first; nothing was overwritten. */
export type CreateResult = 'created' | 'exists';
/** `conflict`: the object changed (or vanished) since `ifMatchEtag` was read; nothing was written. */
export type ReplaceResult = 'replaced' | 'conflict';

export interface RemoteObject {
  bytes: Uint8Array;
  /** Without quotes; pass back to `replace` as the precondition. */
  etag: string;
}

export interface RemoteHead {
  etag: string;
  size: number;
}

export interface RemoteListEntry {
  key: string;
  etag: string;
  size: number;
}

export interface TransferProgress {
  /** Bytes known to be on the other side (uploads: whole parts the server acknowledged). */
  loaded: number;
  total: number;
}

/** Random access to the bytes to upload, so a failed part can be sent again and a resumed upload can skip done parts. */
export interface BlobSource {
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface MultipartPart {
  partNumber: number;
  etag: string;
  size: number;
}

/** What must survive kill -9 to continue an upload rather than start again. Holds no secret. */
export interface MultipartState {
  key: string;
  uploadId: string;
  size: number;
  partSize: number;
  parts: MultipartPart[];
}

/**
 * Where the caller keeps a multipart upload's state (the engine: a row in the
 * vault database). `save` is called after the upload is created and after
 * every part the server acknowledged; `clear` once the object exists. A state
 * for another key, size or part size is ignored and a new upload started.
 */
export interface MultipartJournal {
  load(): Promise<MultipartState | undefined>;
  save(state: MultipartState): Promise<void>;
  clear(): Promise<void>;
}

export interface UploadOptions {
  onProgress?: (progress: TransferProgress) => void;
  /** Without a journal an interrupted multipart upload is aborted and starts over next time. */
  resume?: MultipartJournal;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface RemoteDownload {
  etag: string;
  size: number;
  /** The object's bytes; a connection lost midway is resumed (Range + If-Match), so the stream errors only when retries run out or the object changed. */
  stream: Readable;
}

export interface Remote {
  /** Conditional create (`If-None-Match: *`): never overwrites. */
  create(key: string, bytes: Uint8Array): Promise<CreateResult>;
  /** Conditional overwrite (`If-Match`). */
  replace(key: string, bytes: Uint8Array, ifMatchEtag: string): Promise<ReplaceResult>;
  get(key: string): Promise<RemoteObject | undefined>;
  head(key: string): Promise<RemoteHead | undefined>;
  /** Every object under `prefix` whose key sorts after `startAfter`, in key order, all pages. */
  list(prefix: string, startAfter?: string): Promise<RemoteListEntry[]>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** A large object: multipart (parallel parts, resumable through `options.resume`), created only if absent. */
  upload(key: string, source: BlobSource, size: number, options?: UploadOptions): Promise<CreateResult>;
  download(key: string, options?: DownloadOptions): Promise<RemoteDownload | undefined>;
}

export function assertKey(key: string): void {
  // A bad key is a bug in the engine, not a user's mistake.
  if (!key || key.startsWith('/') || Buffer.byteLength(key, 'utf8') > 1024)
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
}

export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}
