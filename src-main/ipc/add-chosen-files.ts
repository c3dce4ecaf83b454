/**
 * "Add documents…" (the library's button, the shell's File menu): the OS open
 * dialog, then each chosen file through the same gate as a drop. Paths stay
 * in main; the window learns names and outcomes only.
 */
import { basename } from 'node:path';
import type { ChooseResult, ChosenFile } from '../../src-shared/ingest.js';
import { isLockleafError } from '../errors.js';
import type { AppSession } from './app-session.js';

/** The open dialog's filter: the extensions of the types ingest reads (intake.ts checks the bytes regardless). */
export const ACCEPTED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp', 'heic', 'heif'];

export async function addChosenFiles(session: AppSession): Promise<ChooseResult> {
  // Checked before the dialog opens: a locked vault should not ask for files it cannot take.
  const queue = session.ingest.queue;
  const paths = await session.chooseFiles('Add documents to Lockleaf');
  if (!paths || paths.length === 0) return { chosen: false, files: [] };
  const files: ChosenFile[] = [];
  for (const path of paths) {
    const name = basename(path);
    try {
      files.push({ name, ...(await queue.enqueue({ path })) });
    } catch (error) {
      // One bad file (too large, unsupported, unreadable) does not stop the others; bugs still surface.
      if (!isLockleafError(error)) throw error;
      const data = error.toData();
      files.push({ name, status: 'refused', error: { ...data, message: data.message.replaceAll(path, name) } });
    }
  }
  return { chosen: true, files };
}
