/**
 * The files of an export folder being imported. The folder came from
 * elsewhere (another machine, a USB stick), so each file is read the way the
 * watched inbox reads its own: inside the folder (no `..`, and no directory
 * link leading out), never through a symbolic link, exactly as big as its
 * manifest entry says and no bigger than a cap, and matching its SHA-256.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { LockleafError, isLockleafError } from '../errors.js';
import { readOwnFile } from '../fs/read-own-file.js';

export interface FileRef {
  /** Relative to the export folder, with forward slashes. */
  file: string;
  size: number;
  sha256: string;
}

/** manifest.json: page texts of every document, so generous, but not unbounded. */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

const invalid = (message: string, cause?: unknown) =>
  new LockleafError('IMPORT_INVALID', message, undefined, cause === undefined ? undefined : { cause });

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

export class ExportFolder {
  private constructor(private readonly root: string) {}

  static async open(dir: string): Promise<ExportFolder> {
    const root = await realpath(dir).catch((cause: unknown) => {
      throw invalid(`${dir} does not hold a Lockleaf export (the folder cannot be read).`, cause);
    });
    return new ExportFolder(root);
  }

  async manifestText(): Promise<string> {
    try {
      return (await readOwnFile(join(this.root, 'manifest.json'), MAX_MANIFEST_BYTES)).bytes.toString('utf8');
    } catch (cause) {
      throw invalid(`${this.root} does not hold a Lockleaf export (manifest.json missing or unreadable).`, cause);
    }
  }

  /** Checks a file without keeping it in memory: streamed through SHA-256. */
  async verify(ref: FileRef, maxBytes: number): Promise<void> {
    const handle = await this.openChecked(ref, maxBytes);
    const hash = createHash('sha256');
    try {
      for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk as Buffer);
    } finally {
      await handle.close();
    }
    if (hash.digest('hex') !== ref.sha256)
      throw invalid(`${ref.file} does not match its manifest entry (changed or damaged).`);
  }

  /** The whole file, checked again as it is read (it may have changed since `verify`). */
  async read(ref: FileRef, maxBytes: number): Promise<Buffer> {
    await (await this.openChecked(ref, maxBytes)).close();
    let bytes: Buffer;
    try {
      ({ bytes } = await readOwnFile(await this.pathOf(ref.file), maxBytes));
    } catch (cause) {
      if (isLockleafError(cause, 'IMPORT_INVALID')) throw cause;
      throw invalid(`${ref.file} cannot be read: ${(cause as Error).message}`, cause);
    }
    if (bytes.length !== ref.size || createHash('sha256').update(bytes).digest('hex') !== ref.sha256) {
      throw invalid(`${ref.file} does not match its manifest entry (changed or damaged).`);
    }
    return bytes;
  }

  /** The file as a stream, for files too big to hold (searchable PDFs); the caller checks the hash of what it wrote. */
  async stream(ref: FileRef, maxBytes: number): Promise<Readable> {
    const handle = await this.openChecked(ref, maxBytes);
    return handle.createReadStream({ start: 0, end: Math.max(0, ref.size - 1) });
  }

  /** The path a manifest entry names, once it is known to stay inside the folder. */
  private async pathOf(file: string): Promise<string> {
    const path = resolve(this.root, file);
    if (!inside(this.root, path) || path === this.root)
      throw invalid(`Manifest entry ${file} points outside the export folder.`);
    // A directory on the way may be a link out of the folder: its real path must stay inside too.
    const parent = await realpath(dirname(path)).catch((cause: unknown) => {
      throw invalid(`The export is missing ${file}.`, cause);
    });
    if (!inside(this.root, parent)) throw invalid(`Manifest entry ${file} points outside the export folder.`);
    return join(parent, basename(path));
  }

  private async openChecked(ref: FileRef, maxBytes: number): Promise<FileHandle> {
    const path = await this.pathOf(ref.file);
    // O_NOFOLLOW: a symbolic link is refused, not followed (0 on Windows, hence the lstat below as well);
    // O_NONBLOCK: opening a named pipe does not wait for a writer (it is then refused as not a file).
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0)).catch(
      (cause: NodeJS.ErrnoException) => {
        if (cause.code === 'ELOOP' || cause.code === 'EMLINK')
          throw invalid(`${ref.file} is a symbolic link; an export holds files only.`, cause);
        throw invalid(`The export is missing ${ref.file}.`, cause);
      },
    );
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw invalid(`${ref.file} is not a file.`);
      if ((await lstat(path)).isSymbolicLink())
        throw invalid(`${ref.file} is a symbolic link; an export holds files only.`);
      if (info.size !== ref.size) throw invalid(`${ref.file} does not match its manifest entry (changed or damaged).`);
      if (info.size > maxBytes)
        throw invalid(`${ref.file} is larger than Lockleaf imports (${maxBytes} bytes at most).`);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
}
