/**
 * The part of Microsoft Graph a message over 4 MB goes through: a draft created
 * from base64 MIME, file attachments added as JSON or through an upload session
 * (chunked PUTs with Content-Range to a pre-authorised URL), then sent or
 * deleted. Checks what Graph checks: the bearer token on the API and the
 * scope each endpoint needs (creating, changing and deleting a message needs
 * Mail.ReadWrite; sending a draft, Mail.Send), none on the upload URL, chunks
 * in order, multiples of 320 KiB under 4 MiB.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface GraphDraft {
  id: string;
  mail: ParsedMail;
  attachments: { name: string; contentType: string; content: Buffer; chunks: number }[];
  state: 'draft' | 'sent' | 'deleted';
}

interface Session {
  draft: GraphDraft;
  name: string;
  contentType: string;
  size: number;
  parts: Buffer[];
  received: number;
}

export interface GraphDraftRoutes {
  drafts: GraphDraft[];
  /** Statuses to answer the next upload chunks with, instead of taking them. */
  failNextChunks: number[];
  /** Statuses to answer the next draft deletions with, instead of deleting. */
  failNextDeletes: number[];
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean>;
}

const CHUNK_UNIT = 320 * 1024;
/** Graph refuses API requests over 4 MB (upload-session chunks have their own limit). */
export const GRAPH_MAX_REQUEST = 4_000_000;

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Answers, and tells the server the request was handled. */
function reply(res: ServerResponse, status: number, value: unknown): true {
  json(res, status, value);
  return true;
}

/** `secret` is told each upload URL: it authorises whoever holds it, so it must never be logged. */
/** `scopesOf` gives the scopes the request's bearer token was granted, or undefined for no valid token. */
export function graphDraftRoutes(
  baseUrl: () => string,
  scopesOf: (req: IncomingMessage) => Set<string> | undefined,
  secret: (value: string) => void,
): GraphDraftRoutes {
  const sessions = new Map<string, Session>();
  const routes: GraphDraftRoutes = {
    drafts: [],
    failNextChunks: [],
    failNextDeletes: [],
    async handle(req, res, url, body) {
      const path = url.pathname;
      const upload = /^\/upload-session\/([\w-]+)$/.exec(path);
      if (upload && req.method === 'PUT') {
        const session = sessions.get(upload[1]!);
        if (!session) return reply(res, 404, { error: { message: 'no such upload session' } });
        if (req.headers.authorization)
          return reply(res, 401, { error: { message: 'the upload URL is pre-authorised; no Authorization header' } });
        const failure = routes.failNextChunks.shift();
        if (failure) return reply(res, failure, { error: { message: 'scripted chunk failure' } });
        const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
        const [start, end, total] = range ? [Number(range[1]), Number(range[2]), Number(range[3])] : [-1, -1, -1];
        const last = end + 1 === session.size;
        const valid =
          start === session.received &&
          total === session.size &&
          end - start + 1 === body.length &&
          body.length <= 4 * 1024 * 1024 &&
          (last || body.length % CHUNK_UNIT === 0);
        if (!valid)
          return reply(res, 400, {
            error: {
              message: `bad chunk ${req.headers['content-range']} (${body.length} bytes, expected from ${session.received})`,
            },
          });
        session.parts.push(body);
        session.received += body.length;
        if (!last) return reply(res, 200, { nextExpectedRanges: [`${session.received}-`] });
        session.draft.attachments.push({
          name: session.name,
          contentType: session.contentType,
          content: Buffer.concat(session.parts),
          chunks: session.parts.length,
        });
        sessions.delete(upload[1]!);
        return reply(res, 201, {});
      }
      const m = /^\/v1\.0\/me\/messages(?:\/([^/]+)(\/attachments(?:\/createUploadSession)?|\/send)?)?$/.exec(path);
      if (!m) return false;
      const scopes = scopesOf(req);
      if (!scopes)
        return reply(res, 401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
        });
      const [, id, action] = m;
      const needs = req.method === 'POST' && action === '/send' ? 'Mail.Send' : 'Mail.ReadWrite';
      if (!scopes.has(needs))
        return reply(res, 403, {
          error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' },
        });
      if (body.length > GRAPH_MAX_REQUEST)
        return reply(res, 413, { error: { code: 'RequestBodyTooLarge', message: 'The request is larger than 4 MB.' } });
      if (!id && req.method === 'POST') {
        if (req.headers['content-type'] !== 'text/plain')
          return reply(res, 400, { error: { message: 'expected base64 MIME as text/plain' } });
        const draft: GraphDraft = {
          id: `AAMk${randomBytes(8).toString('hex')}`,
          mail: await simpleParser(Buffer.from(body.toString('ascii'), 'base64')),
          attachments: [],
          state: 'draft',
        };
        routes.drafts.push(draft);
        return reply(res, 201, { id: draft.id, isDraft: true });
      }
      const draft = routes.drafts.find((d) => d.id === decodeURIComponent(id ?? '') && d.state === 'draft');
      if (!draft)
        return reply(res, 404, {
          error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' },
        });
      const given = () => JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (req.method === 'DELETE' && !action) {
        const failure = routes.failNextDeletes.shift();
        if (failure) return reply(res, failure, { error: { message: 'scripted delete failure' } });
        draft.state = 'deleted';
        res.writeHead(204).end();
      } else if (req.method === 'POST' && action === '/send') {
        draft.state = 'sent';
        res.writeHead(202).end();
      } else if (req.method === 'POST' && action === '/attachments') {
        const a = given() as { '@odata.type'?: string; name: string; contentType: string; contentBytes: string };
        if (a['@odata.type'] !== '#microsoft.graph.fileAttachment')
          return reply(res, 400, { error: { message: 'expected a fileAttachment' } });
        draft.attachments.push({
          name: a.name,
          contentType: a.contentType,
          content: Buffer.from(a.contentBytes, 'base64'),
          chunks: 0,
        });
        json(res, 201, { id: `att-${draft.attachments.length}` });
      } else if (req.method === 'POST' && action === '/attachments/createUploadSession') {
        const item = (
          given() as {
            AttachmentItem?: { attachmentType?: string; name?: string; size?: number; contentType?: string };
          }
        ).AttachmentItem;
        if (item?.attachmentType !== 'file' || !item.name || !item.size)
          return reply(res, 400, { error: { message: 'expected an AttachmentItem of type file' } });
        if (item.size < 3_000_000)
          return reply(res, 400, { error: { message: 'upload sessions are for attachments of 3 MB or more' } });
        const sid = randomBytes(12).toString('hex');
        sessions.set(sid, {
          draft,
          name: item.name,
          contentType: item.contentType ?? 'application/octet-stream',
          size: item.size,
          parts: [],
          received: 0,
        });
        const uploadUrl = `${baseUrl()}/upload-session/${sid}`;
        secret(uploadUrl);
        json(res, 201, { uploadUrl, nextExpectedRanges: ['0-'] });
      } else json(res, 405, { error: { message: `${req.method} ${path}` } });
      return true;
    },
  };
  return routes;
}
