/**
 * Multipart rules S3 and R2 apply at CompleteMultipartUpload that s3rver does
 * not: parts in ascending order, each one uploaded with that ETag, every part
 * but the last at least 5 MiB (EntityTooSmall), and (R2) all parts but the
 * last of one size. Plus ListParts, which s3rver lacks, from the parts the
 * front saw the store acknowledge.
 */
import { errorReply, xmlReply, type BackendReply } from './s3-wire.js';

export const MIN_PART = 5 * 1024 * 1024;

export interface UploadRecord {
  key: string;
  parts: Map<number, { etag: string; size: number; at: Date }>;
}

export function checkMultipart(upload: UploadRecord | undefined, key: string, body: Buffer): BackendReply | undefined {
  if (!upload || upload.key !== key)
    return errorReply(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
  const listed = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    number: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[1]!)?.[1]),
    etag: (/<ETag>([^<]*)<\/ETag>/.exec(m[1]!)?.[1] ?? '').replace(/&quot;|&#34;|"/g, ''),
  }));
  if (listed.length === 0)
    return errorReply(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  for (let i = 1; i < listed.length; i++) {
    if (listed[i]!.number <= listed[i - 1]!.number)
      return errorReply(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
  }
  const sizes: number[] = [];
  for (const part of listed) {
    const stored = upload.parts.get(part.number);
    if (!stored || stored.etag !== part.etag)
      return errorReply(
        400,
        'InvalidPart',
        'One or more of the specified parts could not be found or its entity tag did not match.',
      );
    sizes.push(stored.size);
  }
  for (let i = 0; i < sizes.length - 1; i++) {
    if (sizes[i]! < MIN_PART)
      return errorReply(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
    if (sizes[i] !== sizes[0])
      return errorReply(400, 'InvalidPart', 'All non-trailing parts must have the same length.');
  }
  return undefined;
}

export function listPartsXml(
  bucket: string,
  key: string,
  uploadId: string,
  upload: UploadRecord,
  query: Map<string, string>,
): BackendReply {
  const marker = Number(query.get('part-number-marker') ?? 0);
  const max = Math.min(Number(query.get('max-parts') ?? 1000), 1000);
  const all = [...upload.parts].filter(([n]) => n > marker).sort(([a], [b]) => a - b);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const parts = page
    .map(
      ([n, p]) =>
        `<Part><PartNumber>${n}</PartNumber><LastModified>${p.at.toISOString()}</LastModified><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`,
    )
    .join('');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return xmlReply(
    `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${uploadId}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1)?.[0] ?? marker}</NextPartNumberMarker><MaxParts>${max}</MaxParts>` +
      `<IsTruncated>${truncated}</IsTruncated>${parts}</ListPartsResult>`,
  );
}
