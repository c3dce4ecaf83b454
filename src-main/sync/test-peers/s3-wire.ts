/** The peer's plumbing: S3 error bodies, bodies in and out, and forwarding to s3rver. */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface BackendReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export function errorXml(code: string, message: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message><RequestId>${randomBytes(8).toString('hex')}</RequestId></Error>`;
}

export function errorReply(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): BackendReply {
  return {
    status,
    headers: { 'content-type': 'application/xml', ...extra },
    body: Buffer.from(errorXml(code, message)),
  };
}

export function xmlReply(xml: string): BackendReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`),
  };
}

/** Sends a request to s3rver (unsigned: the front has checked the signature; s3rver lets anonymous requests through). */
export function forward(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): Promise<BackendReply> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    out[name] = value;
  }
  if (method !== 'GET' && method !== 'HEAD') out['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: out, agent: false }, (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }), reject);
    });
    req.on('error', reject);
    req.end(method === 'GET' || method === 'HEAD' ? undefined : body);
  });
}

// Conditions are the front's job (s3rver ignores them on writes); auth was checked; the body is already read.
const DROPPED = new Set([
  'authorization',
  'host',
  'connection',
  'expect',
  'transfer-encoding',
  'content-length',
  'if-match',
  'if-none-match',
  'x-amz-content-sha256',
]);

export function send(res: ServerResponse, reply: BackendReply, method: string): void {
  const headers = { ...reply.headers };
  for (const name of ['connection', 'transfer-encoding', 'keep-alive', 'date']) delete headers[name];
  if (method !== 'HEAD') headers['content-length'] = String(reply.body.length);
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : reply.body);
}

/** Status line, headers and half the body, then the connection is cut. */
export function sendHalf(res: ServerResponse, reply: BackendReply): void {
  const headers: Record<string, string | string[] | undefined> = {
    ...reply.headers,
    'content-length': String(Math.max(reply.body.length, 2)),
  };
  delete headers['transfer-encoding'];
  res.writeHead(reply.status, headers);
  res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => res.socket?.destroy());
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
