/**
 * The application menu as data (File → Add documents…, and the standard Edit, View and
 * Window menus, which setting a menu would otherwise drop: copy and paste live there).
 * The shell hands it to Electron's Menu; building it and the File action are plain code,
 * tested without Electron.
 */
import { addChosenFiles } from '../ipc/add-chosen-files.js';
import type { AppSession } from '../ipc/app-session.js';

export type MenuRole = 'appMenu' | 'editMenu' | 'viewMenu' | 'windowMenu' | 'close' | 'quit';
export type AppMenuItem =
  | { role: MenuRole }
  | { type: 'separator' }
  | { label: string; accelerator?: string; click?: () => void; submenu?: AppMenuItem[] };

export function appMenuTemplate(platform: NodeJS.Platform, addDocuments: () => void): AppMenuItem[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add documents…', accelerator: 'CmdOrCtrl+O', click: addDocuments },
        { type: 'separator' },
        { role: mac ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

/** A notice the shell shows as a notification. */
export interface MenuNotice {
  title: string;
  body: string;
}

/** File → Add documents…: the same as the library's button; what is refused is told, one notice per file. */
export async function addDocumentsFromMenu(session: AppSession): Promise<MenuNotice[]> {
  if (!session.status().unlocked) return [{ title: 'Lockleaf is locked', body: 'Unlock it, then add the documents.' }];
  const { files } = await addChosenFiles(session);
  return files.flatMap((file) =>
    file.status === 'refused' ? [{ title: 'Lockleaf: not added', body: `${file.name}: ${file.error.message}` }] : [],
  );
}
