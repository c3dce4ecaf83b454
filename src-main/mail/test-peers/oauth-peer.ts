/**
 * One local HTTP server that speaks, on 127.0.0.1, what Lockleaf needs from
 * Google and Microsoft: the authorization endpoint (redirects back with a
 * code), the token endpoint (authorization_code with the PKCE verifier
 * checked, refresh_token with optional rotation), revocation, the Gmail
 * media-upload send, Graph sendMail, and Graph's draft-and-upload route for
 * large messages (graph-drafts.ts). Failures can be scripted per send.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { GRAPH_MAX_REQUEST, graphDraftRoutes, type GraphDraftRoutes } from './graph-drafts.js';

export interface ScriptedFailure {
  status: number;
  retryAfter?: string;
  body?: string;
}

export interface OAuthPeerOptions {
  clientId?: string;
  /** When set, the token endpoint requires it (Google installed apps); when not, it must be absent (Microsoft public clients). */
  clientSecret?: string;
  rotateRefreshTokens?: boolean;
  accessTokenTtlSeconds?: number;
  /** The user clicks "Deny". */
  deny?: boolean;
}

interface Code {
  challenge: string;
  method: string;
  redirectUri: string;
  scope: string;
}

export interface OAuthPeer {
  url: string;
  clientId: string;
  /** Every value the peer issued or was sent that must never be logged. */
  secrets: string[];
  authorizeRequests: URLSearchParams[];
  tokenRequests: URLSearchParams[];
  revoked: string[];
  sends: { at: number; status: number }[];
  gmail: ParsedMail[];
  graph: ParsedMail[];
  /** Messages over 4 MB, sent to Graph as drafts with attachments. */
  graphDrafts: GraphDraftRoutes;
  failNextSends: ScriptedFailure[];
  liveRefreshTokens(): string[];
  /** Makes every issued access token invalid (as if expired early). */
  expireAccessTokens(): void;
  /** The user removed the app's access at the provider. */
  revokeEverything(): void;
  close(): Promise<void>;
}

const GMAIL_SEND = 'https://www.googleapis.com/auth/gmail.send';
const b64url = (b: Buffer) => b.toString('base64url');
const token = (prefix: string) => `${prefix}.${b64url(randomBytes(24))}`;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(value));
}

export async function startOAuthPeer(options: OAuthPeerOptions = {}): Promise<OAuthPeer> {
  const clientId = options.clientId ?? 'test-client.apps.example';
  const codes = new Map<string, Code>();
  // Each token carries the scopes its grant was given: the APIs check them per endpoint, as Graph and Gmail do.
  const access = new Map<string, Set<string>>();
  const refresh = new Map<string, Set<string>>();
  const scopesOf = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    return auth.startsWith('Bearer ') ? access.get(auth.slice(7)) : undefined;
  };
  const peer: OAuthPeer = {
    url: '',
    clientId,
    secrets: [],
    authorizeRequests: [],
    tokenRequests: [],
    revoked: [],
    sends: [],
    gmail: [],
    graph: [],
    graphDrafts: graphDraftRoutes(
      () => peer.url,
      scopesOf,
      (secret) => peer.secrets.push(secret),
    ),
    failNextSends: [],
    liveRefreshTokens: () => [...refresh.keys()],
    expireAccessTokens: () => access.clear(),
    revokeEverything: () => {
      access.clear();
      refresh.clear();
    },
    close: async () => undefined,
  };
  /** Tokens for a grant of `scope`; the answer names the scopes granted, as Microsoft's and Google's token endpoints do. */
  const issue = (withRefresh: boolean, scope: Set<string>) => {
    const a = token('at');
    access.set(a, scope);
    peer.secrets.push(a);
    const out: Record<string, unknown> = {
      access_token: a,
      token_type: 'Bearer',
      expires_in: options.accessTokenTtlSeconds ?? 3600,
      scope: [...scope].join(' '),
    };
    if (withRefresh) {
      const r = token('rt');
      refresh.set(r, scope);
      peer.secrets.push(r);
      out.refresh_token = r;
    }
    return out;
  };

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams((await bodyOf(req)).toString('utf8'));
    peer.tokenRequests.push(form);
    for (const k of ['code', 'code_verifier', 'refresh_token', 'client_secret'])
      if (form.get(k)) peer.secrets.push(form.get(k)!);
    if (form.get('client_id') !== clientId) return json(res, 401, { error: 'invalid_client' });
    if ((options.clientSecret ?? null) !== form.get('client_secret'))
      return json(res, 401, { error: 'invalid_client', error_description: 'client authentication' });
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used code' });
      if (form.get('redirect_uri') !== code.redirectUri)
        return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
      const verifier = form.get('code_verifier') ?? '';
      if (code.method !== 'S256' || b64url(createHash('sha256').update(verifier).digest()) !== code.challenge) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      return json(res, 200, issue(true, new Set(code.scope.split(' ').filter(Boolean))));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const scope = refresh.get(rt);
      if (!scope)
        return json(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      if (options.rotateRefreshTokens) refresh.delete(rt);
      return json(res, 200, issue(Boolean(options.rotateRefreshTokens), scope));
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  }

  async function send(req: IncomingMessage, res: ServerResponse, kind: 'gmail' | 'graph') {
    const scopes = scopesOf(req);
    const body = await bodyOf(req);
    const status = (s: number) => peer.sends.push({ at: Date.now(), status: s });
    if (!scopes) {
      status(401);
      return json(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    }
    if (!scopes.has(kind === 'gmail' ? GMAIL_SEND : 'Mail.Send')) {
      status(403);
      return json(res, 403, {
        error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' },
      });
    }
    const failure = peer.failNextSends.shift();
    if (failure) {
      status(failure.status);
      return json(
        res,
        failure.status,
        { error: { code: failure.status, message: failure.body ?? 'scripted failure' } },
        failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {},
      );
    }
    if (kind === 'gmail') {
      if (req.headers['content-type'] !== 'message/rfc822')
        return json(res, 400, { error: { message: 'expected message/rfc822' } });
      peer.gmail.push(await simpleParser(body));
      status(200);
      return json(res, 200, { id: `gm-${peer.gmail.length}`, threadId: 't1', labelIds: ['SENT'] });
    }
    if (req.headers['content-type'] !== 'text/plain')
      return json(res, 400, { error: { message: 'expected base64 MIME as text/plain' } });
    if (body.length > GRAPH_MAX_REQUEST)
      return json(res, 413, { error: { code: 'RequestBodyTooLarge', message: 'The request is larger than 4 MB.' } });
    peer.graph.push(await simpleParser(Buffer.from(body.toString('ascii'), 'base64')));
    status(202);
    res.writeHead(202).end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', peer.url);
    const route = `${req.method} ${url.pathname}`;
    void (async () => {
      if (route === 'GET /authorize') {
        peer.authorizeRequests.push(url.searchParams);
        const q = url.searchParams;
        const back = new URL(q.get('redirect_uri') ?? '');
        back.searchParams.set('state', q.get('state') ?? '');
        if (q.get('client_id') !== clientId) back.searchParams.set('error', 'unauthorized_client');
        else if (options.deny) back.searchParams.set('error', 'access_denied');
        else {
          const code = token('code');
          codes.set(code, {
            challenge: q.get('code_challenge') ?? '',
            method: q.get('code_challenge_method') ?? '',
            redirectUri: q.get('redirect_uri') ?? '',
            scope: q.get('scope') ?? '',
          });
          back.searchParams.set('code', code);
        }
        res.writeHead(302, { Location: back.href }).end();
      } else if (route === 'POST /token') await tokenEndpoint(req, res);
      else if (route === 'POST /revoke') {
        const t = new URLSearchParams((await bodyOf(req)).toString('utf8')).get('token') ?? '';
        peer.revoked.push(t);
        refresh.delete(t);
        res.writeHead(200).end();
      } else if (
        route === 'POST /upload/gmail/v1/users/me/messages/send' &&
        url.searchParams.get('uploadType') === 'media'
      )
        await send(req, res, 'gmail');
      else if (route === 'POST /v1.0/me/sendMail') await send(req, res, 'graph');
      else if (!(await peer.graphDrafts.handle(req, res, url, await bodyOf(req))))
        json(res, 404, { error: 'not found' });
    })().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return peer;
}

/** Providers config pointing both Gmail and Microsoft at a peer. */
export function providersFor(peer: OAuthPeer, overrides: { gmailSecret?: string } = {}) {
  const common = {
    authorizationEndpoint: `${peer.url}/authorize`,
    tokenEndpoint: `${peer.url}/token`,
    apiBase: peer.url,
    clientId: peer.clientId,
  };
  return {
    gmail: {
      ...common,
      revocationEndpoint: `${peer.url}/revoke`,
      ...(overrides.gmailSecret ? { clientSecret: overrides.gmailSecret } : {}),
      scopes: [GMAIL_SEND],
      extraAuthParams: { access_type: 'offline', prompt: 'consent' },
      maxBytes: 25 * 1024 * 1024,
    },
    microsoft: { ...common, scopes: ['Mail.Send', 'offline_access'], extraAuthParams: {}, maxBytes: 35 * 1024 * 1024 },
  };
}

/** A stand-in for the system browser: follows the redirect back to Lockleaf's loopback server. */
export async function browser(url: string): Promise<void> {
  const res = await fetch(url, { redirect: 'follow' });
  await res.text();
}
