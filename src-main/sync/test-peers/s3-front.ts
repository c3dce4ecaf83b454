/**
 * The HTTP front that makes s3rver as strict as R2: SigV4 checked, conditional
 * writes (If-None-Match: *, If-Match) enforced with 412 on PutObject,
 * CreateMultipartUpload and CompleteMultipartUpload, If-Match on GET/HEAD,
 * multipart rules (parts under 5 MiB but the last, unequal part sizes, unknown
 * uploads), ListParts (s3rver lacks it), a page-size cap on listings, faults
 * on demand and every version of every object kept for rollback tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { classify, type FaultPlan, type S3Operation } from './s3-faults.js';
import { listV2 } from './s3-list.js';
import { checkMultipart, listPartsXml, type UploadRecord } from './s3-multipart-rules.js';
import { errorReply, forward, header, readBody, send, sendHalf, type BackendReply } from './s3-wire.js';
import { checkSigV4 } from './sigv4-check.js';

export interface FrontState {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  backendPort: number;
  /** ListObjects pages are cut to this many keys (servers may return fewer than asked). */
  maxKeys: number;
  faults: FaultPlan;
  counts: Map<S3Operation, number>;
  /** Requests being handled now, and the most at once, by operation. */
  inFlight: Map<S3Operation, { now: number; max: number }>;
  uploads: Map<string, UploadRecord>;
  /** Called after every successful object write, to keep its version. */
  onWritten(key: string, body: Buffer | undefined): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createFront(state: FrontState): Server {
  const locks = new Map<string, Promise<unknown>>();
  // Check-then-write on one key is atomic, as a real store's conditional write is.
  const withLock = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const run = (locks.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    locks.set(key, run);
    return run;
  };

  const server = createServer((req, res) => {
    handle(state, withLock, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorReply(500, 'InternalError', String(error)), req.method ?? 'GET');
      else res.destroy();
    });
  });
  return server;
}

async function handle(
  state: FrontState,
  withLock: <T>(key: string, fn: () => Promise<T>) => Promise<T>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const query = new Map(new URLSearchParams(rawQuery.replace(/\+/g, '%2B')));
  // The SDK names the operation in `x-id` (PutObject, GetObject…); S3 ignores it, and so does the classification.
  query.delete('x-id');
  const [, bucketPart = '', ...keyParts] = rawPath.split('/');
  const bucket = decodeURIComponent(bucketPart);
  const key = decodeURIComponent(keyParts.join('/'));
  const op: S3Operation = bucket === '' ? 'ListBuckets' : classify(method, key, query, req.headers);
  state.counts.set(op, (state.counts.get(op) ?? 0) + 1);
  const flight = state.inFlight.get(op) ?? { now: 0, max: 0 };
  state.inFlight.set(op, flight);
  flight.max = Math.max(flight.max, ++flight.now);
  res.once('close', () => flight.now--);
  const body = await readBody(req);

  const fault = state.faults.take(op);
  if (fault?.kind === 'drop-before') return void req.socket.destroy();
  if (fault?.kind === 'status') {
    const extra: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
    return send(
      res,
      errorReply(fault.status, fault.code ?? defaultCode(fault.status), 'Injected by the test peer.', extra),
      method,
    );
  }

  const refusal = await checkSigV4({ method, rawPath, rawQuery, headers: req.headers, body }, state);
  let reply: BackendReply;
  if (refusal) reply = errorReply(refusal.status, refusal.code, refusal.message);
  else if (bucket !== '' && bucket !== state.bucket)
    reply = errorReply(404, 'NoSuchBucket', 'The specified bucket does not exist.');
  else reply = await act(state, withLock, { method, op, rawPath, query, key, headers: req.headers, body });

  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  if (fault?.kind === 'drop-mid') return sendHalf(res, reply);
  send(res, reply, method);
}

interface Call {
  method: string;
  op: S3Operation;
  rawPath: string;
  query: Map<string, string>;
  key: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

async function act(
  state: FrontState,
  withLock: <T>(key: string, fn: () => Promise<T>) => Promise<T>,
  call: Call,
): Promise<BackendReply> {
  const { method, op, key, headers, body } = call;
  const pass = (path = call.rawPath + queryString(call.query)) =>
    forward(state.backendPort, method, path, headers, body);
  switch (op) {
    case 'PutObject':
    case 'CreateMultipartUpload':
    case 'CompleteMultipartUpload':
      return withLock(key, async () => {
        const refused = await checkConditions(state, key, headers);
        if (refused) return refused;
        if (op === 'CreateMultipartUpload') {
          const reply = await pass();
          const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(reply.body.toString())?.[1];
          if (reply.status === 200 && uploadId) state.uploads.set(uploadId, { key, parts: new Map() });
          return reply;
        }
        if (op === 'CompleteMultipartUpload') {
          const uploadId = call.query.get('uploadId') ?? '';
          const invalid = checkMultipart(state.uploads.get(uploadId), key, body);
          if (invalid) return invalid;
          const reply = await pass();
          if (reply.status === 200) {
            state.uploads.delete(uploadId);
            await state.onWritten(key, undefined);
          }
          return reply;
        }
        const reply = await pass();
        if (reply.status === 200) await state.onWritten(key, body);
        return reply;
      });
    case 'UploadPart': {
      const upload = state.uploads.get(call.query.get('uploadId') ?? '');
      if (!upload || upload.key !== key)
        return errorReply(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
      const partNumber = Number(call.query.get('partNumber'));
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000)
        return errorReply(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
      const reply = await pass();
      const etag = header(reply.headers, 'etag');
      if (reply.status === 200 && etag)
        upload.parts.set(partNumber, { etag: etag.replace(/"/g, ''), size: body.length, at: new Date() });
      return reply;
    }
    case 'ListParts': {
      const uploadId = call.query.get('uploadId') ?? '';
      const upload = state.uploads.get(uploadId);
      if (!upload || upload.key !== key)
        return errorReply(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
      return listPartsXml(state.bucket, key, uploadId, upload, call.query);
    }
    case 'AbortMultipartUpload': {
      const reply = await pass();
      if (reply.status < 300) state.uploads.delete(call.query.get('uploadId') ?? '');
      return reply;
    }
    case 'ListObjectsV2':
      return listV2(state.backendPort, state.bucket, call.query, state.maxKeys);
    case 'ListObjects': {
      const asked = Number(call.query.get('max-keys') ?? 1000);
      call.query.set('max-keys', String(Math.min(Number.isFinite(asked) ? asked : 1000, state.maxKeys)));
      return pass();
    }
    case 'GetObject':
    case 'HeadObject': {
      const reply = await pass();
      const ifMatch = header(headers, 'if-match');
      if (ifMatch !== undefined && reply.status < 300 && !etagMatches(ifMatch, header(reply.headers, 'etag'))) {
        return errorReply(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
      }
      return reply;
    }
    default:
      return pass();
  }
}

async function checkConditions(
  state: FrontState,
  key: string,
  headers: IncomingMessage['headers'],
): Promise<BackendReply | undefined> {
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifMatch = header(headers, 'if-match');
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*')
    return errorReply(501, 'NotImplemented', 'Only If-None-Match: * is supported on writes.');
  const current = await forward(state.backendPort, 'HEAD', `/${state.bucket}/${encodeKey(key)}`, {}, Buffer.alloc(0));
  const exists = current.status === 200;
  if (ifNoneMatch !== undefined && exists) return precondition();
  // R2 answers If-Match on a missing object with 412 as well.
  if (ifMatch !== undefined && (!exists || !etagMatches(ifMatch, header(current.headers, 'etag'))))
    return precondition();
  return undefined;
}

function precondition(): BackendReply {
  return errorReply(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
}

function etagMatches(condition: string, etag: string | undefined): boolean {
  const bare = (s: string) => s.trim().replace(/^W\//, '').replace(/"/g, '');
  return condition.trim() === '*' ? etag !== undefined : condition.split(',').some((c) => bare(c) === bare(etag ?? ''));
}

export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function queryString(query: Map<string, string>): string {
  if (query.size === 0) return '';
  return (
    '?' +
    [...query]
      .map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
      .join('&')
  );
}

function defaultCode(status: number): string {
  return status === 429
    ? 'TooManyRequests'
    : status === 503
      ? 'SlowDown'
      : status >= 500
        ? 'InternalError'
        : 'InvalidRequest';
}
