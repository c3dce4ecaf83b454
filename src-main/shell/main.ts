/**
 * The Electron shell: windows, tray, protocols, IPC wiring, safeStorage and
 * the updater. Everything else lives in plain-Node modules (vault, ingest,
 * ipc, desktop) and is tested without Electron.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  Tray,
  type MenuItemConstructorOptions,
} from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { channels } from '../../src-shared/bridge/channels.js';
import { isDocumentPath, serveDocument } from '../desktop/document-view.js';
import { devRendererUrl } from '../desktop/dev-url.js';
import { forwardSessionEvents } from '../desktop/event-forwarder.js';
import {
  APP_CSP,
  APP_ORIGIN,
  APP_SCHEME,
  isSafeExternalUrl,
  isTrustedSender,
  windowOptions,
} from '../desktop/security.js';
import {
  buildTrayMenu,
  notSentNotice,
  sendFromTray,
  sendingNotice,
  type SendConfirmation,
  type TrayAction,
  type TrayEntry,
} from '../desktop/tray-menu.js';
import { RESOURCES_DIR, trayIconFile } from '../desktop/tray-icon.js';
import { WindowSlot } from '../desktop/window-slot.js';
import { quitAfterLock } from '../desktop/quit-after-lock.js';
import { staticFilePath } from '../desktop/static-files.js';
import { loggerFromEnv } from '../log/logger.js';
import { mailProviders } from '../mail/oauth/providers.js';
import { ocrWorkersFromEnv } from '../ocr/worker-count.js';
import { addDocumentsFromMenu, appMenuTemplate } from '../desktop/app-menu.js';
import { fileDialogs } from './file-dialogs.js';
import { AppSession } from '../ipc/app-session.js';
import { dispatch } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers.js';
import { UPDATE_FEED } from './update-config.js';
import { utilityReader } from './utility-reader.js';

const rendererDir = join(import.meta.dirname, '..', 'renderer');
// Only `electron-vite dev` serves the page from a URL; a packaged build ignores the variable.
const devUrl = devRendererUrl(process.env, app.isPackaged);
const devOrigin = devUrl?.origin;

if (!app.requestSingleInstanceLock()) app.quit();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

const log = loggerFromEnv(process.env);
const appSession = new AppSession({
  spawnReader: utilityReader,
  dataDir: app.getPath('userData'),
  ocrWorkers: ocrWorkersFromEnv(process.env),
  mailProviders: mailProviders(process.env),
  log,
  // OAuth sign-in happens in the user's own browser (RFC 8252), never in an app window.
  openBrowser: async (url) => {
    if (!isSafeExternalUrl(url)) throw new Error('refusing to open a non-https sign-in URL');
    await shell.openExternal(url);
  },
  ...fileDialogs(() => windows.current),
  // Reminders (reminder-notifier.ts decides what and when); a click shows the document.
  notify: (notice) => {
    const n = new Notification({ title: notice.title, body: notice.body });
    n.on('click', () => void onTrayAction({ kind: 'openDocument', documentId: notice.documentId }));
    n.show();
  },
});
const handlers = createHandlers(appSession);
// Closed windows are forgotten (macOS keeps the app running without one); see desktop/window-slot.ts.
const windows = new WindowSlot(createWindow);
let tray: Tray | undefined;

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const pathname = new URL(request.url).pathname;
    if (isDocumentPath(pathname)) {
      const doc = await serveDocument(appSession, pathname);
      const body = typeof doc.body === 'string' ? doc.body : (Readable.toWeb(doc.body) as ReadableStream);
      return new Response(body, { status: doc.status, headers: doc.headers });
    }
    const path = staticFilePath(rendererDir, pathname);
    if (!path) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', APP_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function wireIpc(): void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, devOrigin) || event.senderFrame !== event.sender.mainFrame) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: not the app window.' } };
      }
      const result = dispatch(handlers, channel, payload, log);
      // The tray shows titles or not by a preference: rebuild it when preferences change.
      if (channel === 'settings:update') void result.then(refreshTray);
      return result;
    });
  }
  forwardSessionEvents(appSession, () => windows.current, log);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(import.meta.dirname, '..', 'preload', 'index.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ? devUrl.href : `${APP_ORIGIN}/index.html`);
  return win;
}

function toElectron(entries: TrayEntry[]): MenuItemConstructorOptions[] {
  return entries.map((e) =>
    'type' in e
      ? { type: 'separator' }
      : {
          label: e.label,
          enabled: e.enabled ?? true,
          ...(e.submenu ? { submenu: toElectron(e.submenu) } : {}),
          ...(e.action ? { click: () => void onTrayAction(e.action!) } : {}),
        },
  );
}

function showWindow(): void {
  windows.show();
}

async function onTrayAction(action: TrayAction): Promise<void> {
  switch (action.kind) {
    case 'open':
      return showWindow();
    case 'openDocument':
      showWindow();
      appSession.emit('documents:open', { id: action.documentId });
      return;
    case 'lock':
      return appSession.lock('user');
    case 'quit':
      return app.quit();
    case 'send': {
      try {
        const item = await sendFromTray(appSession, action, confirmSend);
        if (item)
          new Notification({
            title: 'Lockleaf',
            body: sendingNotice(item, action.to, appSession.settings.trayShowTitles),
          }).show();
      } catch (error) {
        new Notification({
          title: 'Lockleaf: not sent',
          body: notSentNotice(error as Error, appSession.settings.trayShowTitles),
        }).show();
      }
    }
  }
}

/** A message box, over the window if one is open; Enter and Escape both cancel. */
async function confirmSend(question: SendConfirmation): Promise<boolean> {
  const options = {
    type: 'question' as const,
    message: question.message,
    detail: question.detail,
    buttons: [question.confirm, question.cancel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const win = windows.current;
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 0;
}

let trayRefresh: Promise<void> = Promise.resolve();
function refreshTray(): void {
  trayRefresh = trayRefresh.then(async () => {
    if (tray) tray.setContextMenu(Menu.buildFromTemplate(toElectron(await buildTrayMenu(appSession).catch(() => []))));
  });
}

/** Files dropped on the tray icon or the dock (macOS) go to ingest like drops on the window; they are the user's own paths. */
async function ingestPaths(paths: string[]): Promise<void> {
  if (!appSession.status().unlocked) {
    showWindow();
    new Notification({ title: 'Lockleaf is locked', body: 'Unlock it, then drop the files again.' }).show();
    return;
  }
  for (const path of paths) {
    const result = await appSession.ingest.queue.enqueue({ path }).catch((error: Error) => ({ error }));
    if ('error' in result)
      new Notification({ title: 'Lockleaf: not added', body: `${path}: ${(result.error as Error).message}` }).show();
  }
  showWindow();
}

/** File → Add documents… (Ctrl/Cmd+O); refusals are told as notifications, and a locked vault shows the window. */
function setAppMenu(): void {
  const add = () =>
    void addDocumentsFromMenu(appSession)
      .then((notices) => {
        if (!appSession.status().unlocked) showWindow();
        for (const n of notices) new Notification(n).show();
      })
      .catch((error: unknown) => log.error({ err: error }, 'add documents failed'));
  const template = appMenuTemplate(process.platform, add) as MenuItemConstructorOptions[];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createTray(): void {
  tray = new Tray(join(RESOURCES_DIR, trayIconFile(process.platform)));
  tray.setToolTip('Lockleaf');
  tray.on('drop-files', (_event, files) => void ingestPaths(files));
  refreshTray();
  // Rebuilt when what it shows changes: documents, recipients, lock state.
  for (const event of ['documents:changed', 'mail:changed', 'vault:locked', 'vault:unlocked', 'inbox:changed'] as const)
    appSession.on(event, refreshTray);
}

function autoLock(): void {
  powerMonitor.on('suspend', () => void appSession.lock('suspend'));
  powerMonitor.on('lock-screen', () => void appSession.lock('suspend'));
  setInterval(() => {
    // The idle time is the user's setting (Settings → Auto-lock), read from the open vault.
    if (appSession.status().unlocked && powerMonitor.getSystemIdleTime() >= appSession.settings.autoLockMinutes * 60)
      void appSession.lock('idle');
  }, 30_000).unref();
}

app.on('second-instance', () => void app.whenReady().then(showWindow));
// macOS: files dropped on the dock icon (or opened with Lockleaf).
app.on('open-file', (event, path) => {
  event.preventDefault();
  void app.whenReady().then(() => ingestPaths([path]));
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on(
  'before-quit',
  quitAfterLock(
    () => appSession.lock('user'),
    () => app.quit(),
    (error) => log.error({ err: error }, 'locking before quit failed'),
  ),
);

app.whenReady().then(() => {
  harden();
  serveApp();
  wireIpc();
  setAppMenu();
  windows.ensure();
  // macOS: a dock click with no window open brings one back.
  app.on('activate', () => windows.ensure());
  createTray();
  autoLock();
  electronUpdater.autoUpdater.setFeedURL(UPDATE_FEED);
  void electronUpdater.autoUpdater.checkForUpdatesAndNotify().catch(() => undefined);
});
