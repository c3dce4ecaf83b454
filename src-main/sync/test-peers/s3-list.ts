/**
 * ListObjectsV2 for the peer. s3rver makes its continuation tokens with DES,
 * which OpenSSL 3 (Node 18+) no longer has, so any truncated V2 listing
 * fails there with a 500. The front therefore asks s3rver for a V1 listing
 * (marker-based, same order, same <Contents>) and answers in V2 form with
 * its own opaque continuation token.
 */
import { errorReply, forward, xmlReply, type BackendReply } from './s3-wire.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tokenFor = (key: string) => Buffer.from(`peer:${key}`, 'utf8').toString('base64');

function keyFromToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64').toString('utf8');
  return text.startsWith('peer:') ? text.slice(5) : undefined;
}

export async function listV2(
  backendPort: number,
  bucket: string,
  query: Map<string, string>,
  maxKeys: number,
): Promise<BackendReply> {
  const token = query.get('continuation-token');
  const after = token !== undefined ? keyFromToken(token) : query.get('start-after');
  if (token !== undefined && after === undefined)
    return errorReply(400, 'InvalidArgument', 'The continuation token provided is incorrect');
  const asked = Number(query.get('max-keys') ?? 1000);
  const max = Math.min(Number.isInteger(asked) && asked >= 0 ? asked : 1000, maxKeys, 1000);
  const v1 = new URLSearchParams();
  if (query.get('prefix')) v1.set('prefix', query.get('prefix')!);
  if (query.get('delimiter')) v1.set('delimiter', query.get('delimiter')!);
  if (after) v1.set('marker', after);
  v1.set('max-keys', String(max));
  const reply = await forward(
    backendPort,
    'GET',
    `/${bucket}/?${v1.toString().replace(/\+/g, '%20')}`,
    {},
    Buffer.alloc(0),
  );
  if (reply.status !== 200) return reply;

  const xml = reply.body.toString('utf8');
  const contents = xml.match(/<Contents>[\s\S]*?<\/Contents>/g) ?? [];
  const prefixes = xml.match(/<CommonPrefixes>[\s\S]*?<\/CommonPrefixes>/g) ?? [];
  const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
  const lastKey = (contents.at(-1) ?? '').match(/<Key>([\s\S]*?)<\/Key>/)?.[1];
  const nextMarker = xml.match(/<NextMarker>([\s\S]*?)<\/NextMarker>/)?.[1] ?? lastKey;
  const unxml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const next =
    truncated && nextMarker !== undefined
      ? `<NextContinuationToken>${esc(tokenFor(unxml(nextMarker)))}</NextContinuationToken>`
      : '';
  return xmlReply(
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${esc(bucket)}</Name><Prefix>${esc(query.get('prefix') ?? '')}</Prefix>` +
      (query.get('start-after') !== undefined ? `<StartAfter>${esc(query.get('start-after')!)}</StartAfter>` : '') +
      (token !== undefined ? `<ContinuationToken>${esc(token)}</ContinuationToken>` : '') +
      `<KeyCount>${contents.length + prefixes.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}` +
      contents.join('') +
      prefixes.join('') +
      `</ListBucketResult>`,
  );
}
