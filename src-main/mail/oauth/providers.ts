/**
 * Where Gmail and Microsoft 365 live, in one place. Every URL can be
 * overridden (LOCKLEAF_MAIL_PROVIDERS: a JSON object or a path to one), which
 * is how tests point the whole flow at servers on 127.0.0.1, and how a build
 * supplies its registered OAuth client ids.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const providerSchema = z.object({
  authorizationEndpoint: z.url(),
  tokenEndpoint: z.url(),
  revocationEndpoint: z.url().optional(),
  /** Base of the send API (https://gmail.googleapis.com, https://graph.microsoft.com). */
  apiBase: z.url(),
  clientId: z.string(),
  /** Google issues a "secret" to installed apps that is not secret; Microsoft public clients have none. */
  clientSecret: z.string().optional(),
  scopes: z.array(z.string()).min(1),
  extraAuthParams: z.record(z.string(), z.string()).default({}),
  /** Largest raw MIME message the send API takes. */
  maxBytes: z.number().int().positive(),
});
export type OAuthProvider = z.infer<typeof providerSchema>;

export const mailProvidersSchema = z.object({ gmail: providerSchema, microsoft: providerSchema });
export type MailProviders = z.infer<typeof mailProvidersSchema>;

export const DEFAULT_PROVIDERS: MailProviders = {
  gmail: {
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
    apiBase: 'https://gmail.googleapis.com',
    clientId: '',
    // Send only: Lockleaf never reads the mailbox.
    scopes: ['https://www.googleapis.com/auth/gmail.send'],
    // offline + consent: Google returns a refresh token only when asked this way.
    extraAuthParams: { access_type: 'offline', prompt: 'consent' },
    maxBytes: 25 * 1024 * 1024,
  },
  microsoft: {
    authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    apiBase: 'https://graph.microsoft.com',
    clientId: '',
    scopes: ['Mail.Send', 'offline_access'],
    extraAuthParams: { prompt: 'select_account' },
    // Exchange Online's default limit on a message's size. Messages larger than
    // sendMail's 4 MB request go as a draft with uploaded attachments (api-transports.ts).
    maxBytes: 35 * 1024 * 1024,
  },
};

/**
 * Graph builds a message over sendMail's 4 MB request as a draft, and drafts,
 * their attachments and upload sessions need Mail.ReadWrite: the right to read
 * and change the whole mailbox. So it is asked for only when the user opts in
 * to large messages; the default grant is Mail.Send alone.
 */
export const GRAPH_DRAFT_SCOPE = 'Mail.ReadWrite';

/** Whether a stored grant (space-separated scopes, as the token endpoint names them) includes `scope`. */
export const grantIncludes = (granted: string, scope: string) =>
  // Microsoft may name Graph scopes in full (https://graph.microsoft.com/Mail.ReadWrite): the last segment is the scope.
  granted.split(/\s+/).some((s) => s.slice(s.lastIndexOf('/') + 1).toLowerCase() === scope.toLowerCase());

type Override = { [K in keyof MailProviders]?: Partial<OAuthProvider> };

export function mailProviders(env: NodeJS.ProcessEnv): MailProviders {
  const source = env.LOCKLEAF_MAIL_PROVIDERS?.trim();
  let override: Override = {};
  if (source) override = JSON.parse(source.startsWith('{') ? source : readFileSync(source, 'utf8')) as Override;
  if (env.LOCKLEAF_GOOGLE_CLIENT_ID) override.gmail = { clientId: env.LOCKLEAF_GOOGLE_CLIENT_ID, ...override.gmail };
  if (env.LOCKLEAF_MICROSOFT_CLIENT_ID)
    override.microsoft = { clientId: env.LOCKLEAF_MICROSOFT_CLIENT_ID, ...override.microsoft };
  return mailProvidersSchema.parse({
    gmail: { ...DEFAULT_PROVIDERS.gmail, ...override.gmail },
    microsoft: { ...DEFAULT_PROVIDERS.microsoft, ...override.microsoft },
  });
}
