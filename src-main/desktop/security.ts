/**
 * The desktop window's security settings, kept free of `electron` so they can
 * be unit-tested in plain Node. Each follows an item of Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security).
 */

/** The app's own pages are served from this privileged custom scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://lockleaf`;
/**
 * Decrypted documents reach the viewer only under this path of the app's own
 * scheme, with a per-view token (`/doc/<token>`). Same origin as the page, so
 * the viewer (pdf.js, <img>) needs no second scheme and no CORS exception.
 */
export const DOC_PATH = '/doc/';

export function webPreferences(preload: string) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

export function windowOptions(preload: string) {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Lockleaf',
    backgroundColor: '#111318',
    webPreferences: webPreferences(preload),
  } as const;
}

/** Nothing but the app's own scripts and styles; no inline code, no eval, no plugins, no framing. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Served with every decrypted document: it may be shown, never run anything. */
export const DOCUMENT_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'none'; sandbox; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store, max-age=0',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(frameUrl: string | undefined, devOrigin?: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === 'lockleaf') return true;
  return Boolean(devOrigin) && url.origin === devOrigin;
}

/** Links leave the app only as https, to the system browser, without credentials in them. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && !url.username && !url.password && url.hostname.includes('.');
  } catch {
    return false;
  }
}
