/**
 * Where the window's page comes from. `electron-vite dev` sets
 * ELECTRON_RENDERER_URL to its dev server; a packaged build ignores it, so
 * an environment variable can never point the app (and the IPC trust that
 * goes with the page's origin) at another page.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The dev server's URL in development, else undefined (the page is served from `app://`). */
export function devRendererUrl(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): URL | undefined {
  if (isPackaged) return undefined;
  const raw = env.ELECTRON_RENDERER_URL;
  if (!raw) return undefined;
  const url = new URL(raw);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK.has(url.hostname)) {
    throw new Error(
      `ELECTRON_RENDERER_URL must be a dev server on this machine (http://localhost:PORT), not ${url.origin}`,
    );
  }
  return url;
}
