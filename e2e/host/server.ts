/**
 * The Chromium test host (tests and development only, never shipped): the real
 * main-process services in Node, the built renderer served on 127.0.0.1, and
 * the bridge carried over a WebSocket through the same dispatcher as ipcMain.
 * A one-time token in the first URL becomes a SameSite cookie; Host and Origin
 * are checked on every request, so no other page or host can reach the bridge.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, extname, join } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import { eventChannels } from '../../src-shared/bridge/schemas.js';
import { TEST_KDF } from '../../src-main/crypto/kdf.js';
import { isDocumentPath, serveDocument } from '../../src-main/desktop/document-view.js';
import { APP_CSP } from '../../src-main/desktop/security.js';
import { staticFilePath } from '../../src-main/desktop/static-files.js';
import { AppSession, type SessionOptions } from '../../src-main/ipc/app-session.js';
import { dispatch } from '../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../src-main/ipc/handlers.js';
import { loggerFromEnv } from '../../src-main/log/logger.js';

const root = join(import.meta.dirname, '..', '..');
const rendererDir = join(root, 'out', 'renderer');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.mjs': 'text/javascript',
};

export interface Host {
  url: string;
  session: AppSession;
  close(): Promise<void>;
}

async function clientScript(): Promise<string> {
  const out = await build({
    entryPoints: [join(import.meta.dirname, 'client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** "Add documents…" by hand: the host has no OS dialog, so it answers the paths in LOCKLEAF_HOST_FILES (specs pass their own chooser). */
const hostChooser = async (): Promise<string[] | undefined> =>
  process.env.LOCKLEAF_HOST_FILES?.split(delimiter).filter(Boolean) || undefined;

export async function startHost(dataDir: string, options: Partial<SessionOptions> = {}): Promise<Host> {
  const session = new AppSession({ dataDir, kdfCost: TEST_KDF, ocrWorkers: 1, chooseFiles: hostChooser, ...options });
  const handlers = createHandlers(session);
  const log = loggerFromEnv(process.env);
  const client = await clientScript();
  let token: string | undefined = randomBytes(24).toString('base64url');
  const cookie = randomBytes(24).toString('base64url');
  let origin = '';

  const trusted = (req: IncomingMessage) => {
    if (req.headers.host !== new URL(origin).host) return false;
    if (req.headers.origin && req.headers.origin !== origin) return false;
    const got = /(?:^|; )lockleaf=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    return got.length === cookie.length && timingSafeEqual(Buffer.from(got), Buffer.from(cookie));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.searchParams.has('token')) {
      // One use only: the token becomes a cookie and is forgotten.
      if (!token || url.searchParams.get('token') !== token || req.headers.host !== new URL(origin).host)
        return void res.writeHead(403).end('Forbidden');
      token = undefined;
      res.writeHead(302, { 'Set-Cookie': `lockleaf=${cookie}; HttpOnly; SameSite=Strict; Path=/`, Location: '/' });
      return void res.end();
    }
    if (!trusted(req)) return void res.writeHead(403).end('Forbidden');
    const headers = {
      'Content-Security-Policy': APP_CSP.replace(
        "connect-src 'self'",
        `connect-src 'self' ${origin.replace('http', 'ws')}`,
      ),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    if (isDocumentPath(url.pathname)) {
      const doc = await serveDocument(session, url.pathname);
      res.writeHead(doc.status, doc.headers);
      if (typeof doc.body === 'string') return void res.end(doc.body);
      return void doc.body.on('error', () => res.destroy()).pipe(res);
    }
    if (url.pathname === '/host-bridge.js')
      return void res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js']! }).end(client);
    const path = staticFilePath(rendererDir, url.pathname);
    if (!path) return void res.writeHead(404).end();
    try {
      let body: Buffer | string = await readFile(path);
      if (path.endsWith('index.html'))
        body = body.toString('utf8').replace('<head>', '<head><script src="/host-bridge.js"></script>');
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 40 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', origin).pathname !== '/bridge' || !trusted(req) || req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = eventChannels.map((event) => {
        const forward = (payload: unknown) => ws.send(JSON.stringify({ event, payload }));
        session.on(event, forward);
        return () => session.off(event, forward);
      });
      ws.on('close', () => unsubscribe.forEach((u) => u()));
      ws.on('message', async (raw) => {
        let message: { id?: unknown; channel?: unknown; payload?: unknown };
        try {
          message = JSON.parse(String(raw));
        } catch {
          return;
        }
        try {
          ws.send(
            JSON.stringify({ id: message.id, result: await dispatch(handlers, message.channel, message.payload, log) }),
          );
        } catch (error) {
          ws.send(JSON.stringify({ id: message.id, bug: (error as Error).message }));
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/?token=${token}`,
    session,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await session.lock();
    },
  };
}

// `tsx e2e/host/server.ts [dataDir]`: a host to use by hand in Chromium while developing.
if (import.meta.url === `file://${process.argv[1]}`) {
  const host = await startHost(process.argv[2] ?? join(root, '.bench', 'host-data'));
  console.log(`Lockleaf test host: ${host.url}`);
}
