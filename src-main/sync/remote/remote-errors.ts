/**
 * What a failed request to the bucket means: worth another try (5xx, 429,
 * timeouts, dropped connections), or a named failure a person can act on
 * (wrong credentials, no such bucket). S3 error codes arrive as the SDK
 * error's `name`; bodiless replies (HEAD) only as a status.
 */
import { LockleafError } from '../../errors.js';

export interface FailureInfo {
  status?: number;
  /** The S3 error code (`SignatureDoesNotMatch`…), or a Node network code (`ECONNREFUSED`…). */
  code: string;
  retryable: boolean;
  /** From a Retry-After header, when the server sent one. */
  retryAfterMs?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
const AUTH_CODES = new Set([
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
  'RequestTimeTooSkewed',
  'Forbidden',
  'Unauthorized',
]);
// Throttling and transient server states that S3 and R2 send with a 4xx/5xx.
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'TooManyRequests',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
  'ConditionalRequestConflict',
  'OperationAborted',
  'TimeoutError',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
  cause?: unknown;
}

export function describeFailure(error: unknown): FailureInfo {
  const e = (error ?? {}) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode;
  const networkCode = findNetworkCode(error);
  if (status === undefined) {
    if (networkCode) return { code: networkCode, retryable: true };
    if (e.name === 'TimeoutError' || /timed? ?out|socket hang up|aborted|premature close/i.test(e.message ?? ''))
      return { code: e.name === 'TimeoutError' ? 'TimeoutError' : 'ECONNRESET', retryable: true };
    return { code: e.name ?? 'Error', retryable: false };
  }
  const code = e.name && e.name !== 'Unknown' && !/^\d+$/.test(e.name) ? e.name : `HTTP${status}`;
  const retryAfterMs = parseRetryAfter(e.$response?.headers);
  const retryable = status >= 500 || status === 429 || status === 408 || RETRYABLE_CODES.has(code);
  return { status, code, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

function findNetworkCode(error: unknown): string | undefined {
  // Node puts the errno code on the error or on its cause (undici, sockets wrapped by the SDK).
  for (
    let e = error as SdkLikeError | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as SdkLikeError | undefined, depth++
  ) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  }
  return undefined;
}

export function parseRetryAfter(
  headers: Record<string, string | undefined> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const raw = Object.entries(headers)
    .find(([name]) => name.toLowerCase() === 'retry-after')?.[1]
    ?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isPreconditionFailed(info: FailureInfo): boolean {
  return info.status === 412 || info.code === 'PreconditionFailed';
}

export function isNotFound(info: FailureInfo): boolean {
  return info.status === 404 || info.code === 'NoSuchKey' || info.code === 'NotFound';
}

/** The named error for a failure that retrying did not (or cannot) fix. */
export function remoteError(
  info: FailureInfo,
  where: { endpoint: string; bucket: string },
  cause: unknown,
): LockleafError {
  const details = { code: info.code, ...(info.status !== undefined ? { status: info.status } : {}) };
  const host = safeHost(where.endpoint);
  if (info.code === 'NoSuchBucket') {
    return new LockleafError(
      'REMOTE_NOT_FOUND',
      `The bucket "${where.bucket}" does not exist at ${host}. Check the bucket name (and the account id for R2).`,
      details,
      { cause },
    );
  }
  if (info.status === 401 || info.status === 403 || AUTH_CODES.has(info.code)) {
    const why =
      info.code === 'InvalidAccessKeyId'
        ? 'the access key id is not known there'
        : info.code === 'SignatureDoesNotMatch'
          ? 'the secret access key does not match the access key id'
          : info.code === 'RequestTimeTooSkewed'
            ? "this device's clock is too far off"
            : 'the key is not allowed to use this bucket';
    return new LockleafError(
      'REMOTE_AUTH_FAILED',
      `${host} refused the credentials: ${why}. Check the access key id and secret, and the token's permissions on "${where.bucket}".`,
      details,
      { cause },
    );
  }
  if (info.retryable) {
    const what =
      info.status === undefined
        ? `Cannot reach ${host} (${info.code})`
        : `${host} is unavailable (HTTP ${info.status} ${info.code})`;
    return new LockleafError(
      'REMOTE_UNAVAILABLE',
      `${what}. Sync will try again later; check the network connection.`,
      details,
      { cause },
    );
  }
  return new LockleafError(
    'REMOTE_REFUSED',
    `${host} refused the request (${info.status !== undefined ? `HTTP ${info.status} ` : ''}${info.code}). The storage may not be fully S3-compatible.`,
    details,
    { cause },
  );
}

function safeHost(endpoint: string): string {
  // Only the host: an endpoint URL could carry userinfo.
  try {
    return new URL(endpoint).host;
  } catch {
    return 'the storage server';
  }
}

/** The failure behind a named remote error (set by S3Context.call), for callers that treat 404 or 412 as an answer. */
export function failureOf(error: unknown): FailureInfo {
  return (error as { failure?: FailureInfo } | undefined)?.failure ?? { code: 'unknown', retryable: false };
}
