/** Upload sources: a file read part by part (an encrypted blob as stored), or bytes already in memory. */
import { open, type FileHandle } from 'node:fs/promises';
import type { BlobSource } from './remote.js';

export function bytesSource(bytes: Uint8Array): BlobSource {
  return { read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Reads `path` at random offsets through one descriptor; `close` when the upload is over. */
export async function fileSource(path: string): Promise<BlobSource & { size: number; close(): Promise<void> }> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}
