/**
 * OAuth 2.0 for a desktop app (RFC 8252) with openid-client: the system
 * browser, a redirect to a one-shot server on 127.0.0.1 with an ephemeral
 * port, PKCE S256 and a `state` check. The library makes the token requests
 * and validates the responses; this module only runs the loopback server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { LockleafError } from '../../errors.js';
import type { OAuthProvider } from './providers.js';

export interface TokenGrant {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  scope?: string;
}

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

export function oauthConfiguration(provider: OAuthProvider, label: string): oidc.Configuration {
  if (!provider.clientId) {
    throw new LockleafError(
      'OAUTH_FAILED',
      `No ${label} OAuth client id is configured for this build (set LOCKLEAF_${label === 'Gmail' ? 'GOOGLE' : 'MICROSOFT'}_CLIENT_ID).`,
    );
  }
  const server: oidc.ServerMetadata = {
    issuer: new URL(provider.authorizationEndpoint).origin,
    authorization_endpoint: provider.authorizationEndpoint,
    token_endpoint: provider.tokenEndpoint,
    ...(provider.revocationEndpoint ? { revocation_endpoint: provider.revocationEndpoint } : {}),
  };
  const config = provider.clientSecret
    ? new oidc.Configuration(
        server,
        provider.clientId,
        { client_secret: provider.clientSecret },
        oidc.ClientSecretPost(provider.clientSecret),
      )
    : new oidc.Configuration(server, provider.clientId, undefined, oidc.None());
  // Plain http only ever to this machine (the tests' servers); real providers are https.
  if ([provider.tokenEndpoint, provider.authorizationEndpoint].every(isLoopback)) oidc.allowInsecureRequests(config);
  config.timeout = 30;
  return config;
}

export function grantOf(
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  now = Date.now(),
): TokenGrant {
  const expiresIn = tokens.expiresIn();
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(expiresIn !== undefined ? { expiresAt: now + expiresIn * 1000 } : {}),
    ...(tokens.scope ? { scope: tokens.scope } : {}),
  };
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Lockleaf</title><body style="font:16px system-ui;margin:3em">${text}</body>`;

function reply(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(PAGE(text));
}

export interface AuthorizeOptions {
  /** Opens the URL in the user's browser (shell.openExternal, xdg-open, or a test's fetch). */
  openBrowser: (url: string) => Promise<void>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Runs the whole authorization-code + PKCE flow and returns the first tokens. */
export async function authorizeWithLoopback(
  provider: OAuthProvider,
  label: string,
  options: AuthorizeOptions,
): Promise<TokenGrant> {
  const config = oauthConfiguration(provider, label);
  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const state = oidc.randomState();

  let settle!: { resolve: (url: URL) => void; reject: (error: Error) => void };
  const callback = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (req.method !== 'GET' || url.pathname !== '/callback') return reply(res, 404, 'Not found.');
    if (url.searchParams.get('state') !== state)
      return reply(res, 400, 'This sign-in link is not the one Lockleaf started. Close this window and try again.');
    const failed = url.searchParams.get('error');
    reply(
      res,
      200,
      failed
        ? 'Sign-in was not completed. You can close this window.'
        : 'Lockleaf is connected. You can close this window and return to the app.',
    );
    settle.resolve(url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const timer = setTimeout(
    () => settle.reject(new LockleafError('OAUTH_CANCELLED', 'Sign-in timed out; nothing was connected.')),
    options.timeoutMs ?? 5 * 60_000,
  );
  const onAbort = () =>
    settle.reject(new LockleafError('OAUTH_CANCELLED', 'Sign-in was cancelled; nothing was connected.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      ...provider.extraAuthParams,
    });
    await options.openBrowser(url.href);
    const returned = await callback;
    const error = returned.searchParams.get('error');
    if (error === 'access_denied')
      throw new LockleafError('OAUTH_CANCELLED', `${label} sign-in was declined; nothing was connected.`);
    if (error) throw new LockleafError('OAUTH_FAILED', `${label} sign-in failed (${error}).`);
    try {
      const tokens = await oidc.authorizationCodeGrant(
        config,
        returned,
        { pkceCodeVerifier: verifier, expectedState: state },
        { redirect_uri: redirectUri },
      );
      return grantOf(tokens);
    } catch (cause) {
      throw new LockleafError(
        'OAUTH_FAILED',
        `${label} did not complete the sign-in: ${(cause as Error).message}`,
        undefined,
        { cause },
      );
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    server.close();
  }
}
