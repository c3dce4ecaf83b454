/**
 * The gate in front of the vault: which files Lockleaf accepts and how big
 * they may be. Types are decided by content (magic numbers), never by name;
 * image sizes are read from headers, so a decompression bomb is refused
 * before a single pixel is decoded.
 */
import { stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { LockleafError } from '../errors.js';
import { detectType } from '../vault/documents/detect-type.js';
import { damaged } from './reader/reader-errors.js';
import './reader/vips-settings.js';

export interface IngestLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest decoded image (or rendered page), in pixels. */
  maxPixels: number;
  /** Most pages read from one file. */
  maxPages: number;
  /** Longest one file may take to read and OCR, in milliseconds. */
  timeoutMs: number;
  /**
   * Most memory (the process's resident set) while a file is read; past it the reader is
   * stopped and the file refused with FILE_TOO_COMPLEX. A file may always add a quarter of it
   * above where the process stood when the file was opened (so many OCR workers do not leave
   * every file refused). DEFAULT_MAX_MEMORY_BYTES when unset.
   */
  maxMemoryBytes?: number;
}

/**
 * 1 GB: a 100 MP photo (the pixel limit) or a 300 DPI page with many layers (the render
 * budget) reads well within it, beside the OCR workers; files that would need more are refused.
 */
export const DEFAULT_MAX_MEMORY_BYTES = 1024 ** 3;

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 100_000_000,
  maxPages: 1000,
  timeoutMs: 15 * 60_000,
  maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES,
};

export type AcceptedKind = 'pdf' | 'image' | 'heic';

const ACCEPTED: Record<string, AcceptedKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/tiff': 'image',
  'image/webp': 'image',
  'image/heic': 'heic',
  'image/heif': 'heic',
  'image/heic-sequence': 'heic',
  'image/heif-sequence': 'heic',
};

export const ACCEPTED_DESCRIPTION = 'PDF, JPEG, PNG, TIFF, WebP or HEIC/HEIF';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Why a file cannot be opened, in words (the system's own, like ENOENT, are the cause). */
const UNREADABLE: Record<string, string> = {
  ENOENT: 'there is no such file',
  ENOTDIR: 'there is no such file',
  EACCES: 'Lockleaf is not allowed to read it',
  EPERM: 'Lockleaf is not allowed to read it',
  EBUSY: 'another program is using it',
  ELOOP: 'it is a link that leads nowhere',
};

export async function checkSize(path: string, limits: IngestLimits): Promise<number> {
  const info = await stat(path).catch((cause: unknown) => {
    const why = UNREADABLE[(cause as NodeJS.ErrnoException).code ?? ''] ?? 'the system would not open it';
    throw new LockleafError('FILE_UNREADABLE', `Cannot read ${path}: ${why}.`, undefined, { cause });
  });
  if (!info.isFile()) throw new LockleafError('FILE_UNREADABLE', `${path} is not a file.`);
  if (info.size > limits.maxBytes) {
    throw new LockleafError('FILE_TOO_LARGE', `The file is ${mb(info.size)}; the limit is ${mb(limits.maxBytes)}.`, {
      size: info.size,
      limit: limits.maxBytes,
    });
  }
  if (info.size === 0) throw new LockleafError('UNSUPPORTED_TYPE', 'The file is empty.');
  return info.size;
}

/**
 * Decides what a file is and refuses what Lockleaf cannot read, with a reason
 * a person understands. Only the bytes' signature is read here, in the app's
 * own process; an image's header (its size in pixels) is parsed by a reader
 * process (`checkPixels`, through ReaderClient.probe), so a crafted header
 * that crashes libvips ends only that process.
 */
export async function inspect(bytes: Buffer, limits: IngestLimits): Promise<{ mime: string; kind: AcceptedKind }> {
  if (bytes.length > limits.maxBytes) {
    throw new LockleafError('FILE_TOO_LARGE', `The file is ${mb(bytes.length)}; the limit is ${mb(limits.maxBytes)}.`, {
      size: bytes.length,
      limit: limits.maxBytes,
    });
  }
  // The whole file: some formats (TIFF) keep what identifies them at the end.
  const { mime } = await detectType(bytes);
  const kind = ACCEPTED[mime];
  if (!kind) {
    const what = mime === 'application/octet-stream' ? 'an unrecognised format' : mime;
    throw new LockleafError('UNSUPPORTED_TYPE', `This file is ${what}; Lockleaf reads ${ACCEPTED_DESCRIPTION}.`, {
      mime,
    });
  }
  return { mime, kind };
}

export function pixelError(width: number, height: number, limits: IngestLimits): LockleafError {
  const mp = (n: number) => `${(n / 1e6).toFixed(0)} MP`;
  return new LockleafError(
    'TOO_MANY_PIXELS',
    `The image is ${width}×${height} pixels (${mp(width * height)}); the limit is ${mp(limits.maxPixels)}.`,
    { width, height, limit: limits.maxPixels },
  );
}

/** Runs in the reader process: the image's declared size against the limits, before anything is decoded. */
export async function checkPixels(bytes: Buffer, limits: IngestLimits): Promise<void> {
  let meta: Metadata;
  try {
    // Header only: nothing is decoded here.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw damaged('image', cause);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > limits.maxPixels) throw pixelError(width, height, limits);
  if ((meta.pages ?? 1) > limits.maxPages) {
    throw new LockleafError('TOO_MANY_PAGES', `The image has ${meta.pages} pages; the limit is ${limits.maxPages}.`);
  }
}
