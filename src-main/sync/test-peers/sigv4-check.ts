/**
 * SigV4 checked for real, as S3 and R2 do: the peer recomputes the request's
 * signature with its own secret (@smithy/signature-v4, the SDK's signer) and
 * refuses a wrong key id, a wrong signature, a skewed clock or a body that
 * does not match its signed hash, with S3's error codes.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Refusal {
  status: number;
  code: string;
  message: string;
}

/** The hash class the signer wants, on node:crypto. */
class Sha256 {
  private hash;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not used by the signer');
  }
}

function toBuffer(value: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The query exactly as sent, without `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function checkSigV4(
  request: SignedRequest,
  keys: { accessKeyId: string; secretAccessKey: string },
  now = Date.now(),
): Promise<SigV4Refusal | undefined> {
  const header = single(request.headers.authorization);
  if (!header) return { status: 403, code: 'AccessDenied', message: 'Anonymous access is forbidden.' };
  const m = AUTH.exec(header);
  if (!m)
    return { status: 400, code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed.' };
  const [, keyId, day, region, service, signedList, signature] = m as unknown as string[];
  if (keyId !== keys.accessKeyId)
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };

  const amzDate = single(request.headers['x-amz-date']) ?? '';
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!when || amzDate.slice(0, 8) !== day)
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'X-Amz-Date is missing or does not match the credential scope.',
    };
  const signingDate = new Date(Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!));
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS)
    return {
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
    };

  const payloadHash = single(request.headers['x-amz-content-sha256']);
  const signedNames = signedList!.split(';');
  if (!payloadHash || !signedNames.includes('x-amz-content-sha256'))
    return {
      status: 400,
      code: 'InvalidRequest',
      message: 'Missing required header for this request: x-amz-content-sha256.',
    };
  if (payloadHash.startsWith('STREAMING-'))
    return {
      status: 501,
      code: 'NotImplemented',
      message: 'Streaming (aws-chunked) uploads are not supported by this peer.',
    };
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== createHash('sha256').update(request.body).digest('hex')) {
    return {
      status: 400,
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    };
  }

  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = request.headers[name];
    if (value === undefined) return signatureMismatch();
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: keyId!, secretAccessKey: keys.secretAccessKey },
    region: region!,
    service: service!,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: 'peer',
      path: request.rawPath,
      query: parseQuery(request.rawQuery),
      headers,
    },
    { signingDate, signableHeaders: new Set(signedNames) },
  );
  const expected = / Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  if (expected.length !== signature!.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!)))
    return signatureMismatch();
  return undefined;
}

function signatureMismatch(): SigV4Refusal {
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Decoded name → value(s), as the signer re-encodes them (`+` is a literal plus in S3 queries, not a space). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    const had = query[name];
    query[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return query;
}
