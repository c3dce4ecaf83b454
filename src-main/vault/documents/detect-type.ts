/**
 * The type of a file, decided by its content (file-type's magic numbers),
 * never by its name. Text has no magic number: bytes that decode as UTF-8
 * without NULs count as text/plain.
 */
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function detectType(bytes: Uint8Array): Promise<{ mime: string; ext: string }> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return { mime: found.mime, ext: found.ext };
  const head = bytes.subarray(0, 64 * 1024);
  if (head.length > 0 && !head.includes(0)) {
    try {
      // `stream: true` tolerates a multi-byte character cut at the end of the sample.
      utf8.decode(head, { stream: true });
      return { mime: 'text/plain', ext: 'txt' };
    } catch {
      // not UTF-8
    }
  }
  return { mime: 'application/octet-stream', ext: 'bin' };
}

export async function detectFileType(path: string, head: Uint8Array): Promise<{ mime: string; ext: string }> {
  const found = await fileTypeFromFile(path);
  return found ? { mime: found.mime, ext: found.ext } : detectType(head);
}
