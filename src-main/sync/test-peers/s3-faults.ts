/** Faults the test peer injects on demand, matched by S3 operation, and counted requests. */

export type S3Operation =
  | 'ListBuckets'
  | 'HeadBucket'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'DeleteObjects'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'ListParts'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'Other';

export type Fault =
  /** Close the connection before the request reaches the store (nothing written). */
  | { kind: 'drop-before' }
  /** Let the store act, then send the status line and half the reply and close (written, but the client never hears). */
  | { kind: 'drop-mid' }
  /** Answer with this status (and S3 error code) without acting. */
  | { kind: 'status'; status: number; code?: string; retryAfter?: string }
  /** Act, then wait before replying. */
  | { kind: 'slow'; delayMs: number };

export interface FaultRule {
  /** Every operation when omitted. */
  op?: S3Operation;
  /** Matching requests let through before the fault starts. */
  after?: number;
  /** Matching requests faulted; 1 by default, Infinity until cleared. */
  times?: number;
  fault: Fault;
}

interface ActiveRule extends Required<Omit<FaultRule, 'op'>> {
  op?: S3Operation;
  seen: number;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ after: 0, times: 1, ...rule, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule claims it (rules are tried in the order added). */
  take(op: S3Operation): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.op !== undefined && rule.op !== op) continue;
      if (rule.seen < rule.after) {
        rule.seen++;
        continue;
      }
      if (rule.times <= 0) continue;
      rule.times--;
      return rule.fault;
    }
    return undefined;
  }
}

export function classify(
  method: string,
  key: string,
  query: Map<string, string>,
  headers: Record<string, string | string[] | undefined>,
): S3Operation {
  if (key === '') {
    if (method === 'GET')
      return query.get('list-type') === '2' ? 'ListObjectsV2' : query.has('uploads') ? 'Other' : 'ListObjects';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    return 'Other';
  }
  switch (method) {
    case 'PUT':
      if (query.has('uploadId') && query.has('partNumber'))
        return headers['x-amz-copy-source'] ? 'Other' : 'UploadPart';
      if (query.size > 0) return 'Other';
      return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'POST':
      return query.has('uploads')
        ? 'CreateMultipartUpload'
        : query.has('uploadId')
          ? 'CompleteMultipartUpload'
          : 'Other';
    case 'GET':
      return query.has('uploadId')
        ? 'ListParts'
        : query.size === 0 || [...query.keys()].every((k) => k.startsWith('response-') || k === 'partNumber')
          ? 'GetObject'
          : 'Other';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    default:
      return 'Other';
  }
}
