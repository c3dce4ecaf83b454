/**
 * The OS file dialogs the session asks for (shell only): where to save a decrypted copy or
 * the emergency kit, a folder to export into, files to add. Over the window when one is open.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { ACCEPTED_EXTENSIONS } from '../ipc/add-chosen-files.js';
import type { SessionOptions } from '../ipc/session-options.js';

export function fileDialogs(
  current: () => BrowserWindow | undefined,
): Pick<SessionOptions, 'chooseSavePath' | 'chooseDirectory' | 'chooseFiles'> {
  return {
    chooseSavePath: async (suggestedName, title) => {
      const options = {
        title: title ?? 'Save a decrypted copy',
        defaultPath: join(app.getPath('downloads'), suggestedName),
      };
      const win = current();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    chooseDirectory: async (title) => {
      const options = {
        title,
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const win = current();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    // "Add documents…" (the library's button, File menu): the types ingest accepts; the gate still checks each file.
    chooseFiles: async (title) => {
      const options = {
        title,
        properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
        filters: [{ name: 'Documents', extensions: ACCEPTED_EXTENSIONS }],
      };
      const win = current();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths;
    },
  };
}
