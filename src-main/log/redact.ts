/**
 * Keeping secrets out of logs, three ways, because one is never enough:
 * 1. field-level: pino removes any field whose name says it is a credential;
 * 2. pattern scrub: bearer tokens, `token=` parameters, SMTP AUTH lines and
 *    JSON token fields inside free text (error messages, response bodies);
 * 3. known values: every secret Lockleaf decrypts or receives is registered,
 *    and its text (and base64 form) is replaced wherever it turns up.
 */

/** Field names that always hold a credential, at any of the first four levels. */
const SECRET_FIELDS = [
  'password',
  'pass',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'id_token',
  'idToken',
  'authorization',
  'Authorization',
  'cookie',
  'credentials',
  'auth',
  'clientSecret',
  'client_secret',
  'codeVerifier',
  'code_verifier',
  // A raw MIME message carries the user's document.
  'raw',
];

export const CENSOR = '[Redacted]';

export const redactPaths: string[] = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
  `*.*.*.${field}`,
]);

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${CENSOR}`],
  [/\b(access_token|refresh_token|id_token|client_secret|code_verifier|code|password)=([^&\s"'\\]+)/gi, `$1=${CENSOR}`],
  [
    /(\\?"(?:access_token|refresh_token|id_token|client_secret|password|accessToken|refreshToken)\\?"\s*:\s*\\?")([^"\\]*)/g,
    `$1${CENSOR}`,
  ],
  [/\bAUTH\s+(PLAIN|LOGIN|XOAUTH2)\s+(?!\/\*)\S+/gi, `AUTH $1 ${CENSOR}`],
];

/**
 * Secrets in use, each with the forms it can take in a log line. Kept only
 * while the vault is unlocked (VaultContext.close forgets them) and only the
 * most recent MAX_KNOWN, so the logger never becomes a store of every secret
 * the process has seen.
 */
const known = new Map<string, string[]>();
const MAX_KNOWN = 256;

/** Marks a value as secret until the vault locks (short values are ignored: they would censor ordinary words). */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 6) return;
  known.delete(value); // re-inserted as the most recent
  known.set(value, [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ]);
  for (const oldest of known.keys()) {
    if (known.size <= MAX_KNOWN) break;
    known.delete(oldest);
  }
}

/** Drops every registered secret (the vault locked: nothing that was decrypted is in use any more). */
export function forgetSecrets(): void {
  known.clear();
}

export function knownSecretCount(): number {
  return known.size;
}

export function scrub(text: string): string {
  let out = text;
  for (const forms of known.values()) {
    for (const value of forms) if (out.includes(value)) out = out.split(value).join(CENSOR);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
