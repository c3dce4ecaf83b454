/**
 * Reading a file someone else's folder holds (the watched inbox, an export
 * being imported) without being led elsewhere: the last path component may
 * not be a symbolic link (O_NOFOLLOW), only a regular file is read, through
 * the one descriptor its identity was taken from, and never more than a
 * limit. The identity lets a caller check, before it deletes the path, that
 * the path still names the very file that was read.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { LockleafError } from '../errors.js';

/** What identifies one version of one file: device and inode, size and modification time. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface OwnFile {
  bytes: Buffer;
  identity: FileIdentity;
}

const identityOf = (s: Stats): FileIdentity => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs });

const same = (a: FileIdentity, b: FileIdentity) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * The whole file, or a named refusal: FILE_UNREADABLE for a symbolic link,
 * anything but a regular file, or one that changed while it was read;
 * FILE_TOO_LARGE above `maxBytes` (checked before a byte is read).
 */
export async function readOwnFile(path: string, maxBytes: number): Promise<OwnFile> {
  // O_NOFOLLOW does not exist on Windows (0 there); the lstat check below still refuses a link.
  // O_NONBLOCK: a named pipe put in place does not hold the open until someone writes to it.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0)).catch(
    (cause: NodeJS.ErrnoException) => {
      const link = cause.code === 'ELOOP' || cause.code === 'EMLINK';
      throw new LockleafError(
        'FILE_UNREADABLE',
        link ? `${path} is a symbolic link; only files themselves are taken.` : `Cannot read ${path}: ${cause.message}`,
        undefined,
        { cause },
      );
    },
  );
  try {
    const before = await handle.stat();
    if (!before.isFile()) throw new LockleafError('FILE_UNREADABLE', `${path} is not a file.`);
    const link = await lstat(path);
    if (link.isSymbolicLink())
      throw new LockleafError('FILE_UNREADABLE', `${path} is a symbolic link; only files themselves are taken.`);
    if (before.size > maxBytes) {
      throw new LockleafError('FILE_TOO_LARGE', `The file is ${mb(before.size)}; the limit is ${mb(maxBytes)}.`, {
        size: before.size,
        limit: maxBytes,
      });
    }
    // Exactly the size fstat gave, plus one byte to see whether more was written meanwhile.
    const bytes = Buffer.alloc(before.size + 1);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read === bytes.length) break;
    }
    const identity = identityOf(await handle.stat());
    if (read !== before.size || !same(identity, identityOf(before))) {
      throw new LockleafError('FILE_UNREADABLE', `${path} changed while it was being read.`, { changed: true });
    }
    return { bytes: bytes.subarray(0, read), identity };
  } finally {
    await handle.close();
  }
}

/** Whether `path` still names this very file, unchanged (not replaced, renamed over, or written to). */
export async function stillSameFile(path: string, identity: FileIdentity): Promise<boolean> {
  const now = await lstat(path).catch(() => undefined);
  return Boolean(now?.isFile() && same(identityOf(now), identity));
}
