/**
 * What a person is told when a file cannot be read. Parsers and decoders fail
 * in their own words ("vipspng: libpng read error", "Illegal character: 41");
 * those go to the debug log (LOCKLEAF_LOG=debug) and the refusal carries a
 * named code and a sentence instead.
 */
import { LockleafError, isLockleafError } from '../../errors.js';
import { loggerFromEnv } from '../../log/logger.js';
import type { AcceptedKind } from '../intake.js';

export const log = loggerFromEnv(process.env);

const DAMAGED: Record<AcceptedKind, string> = {
  pdf: 'The PDF is damaged or cut short, so Lockleaf cannot read it.',
  image: 'The image is damaged or cut short, so Lockleaf cannot read it.',
  heic: 'The HEIC image is damaged or cut short, so Lockleaf cannot read it.',
};

/** The refusal for a file a parser or decoder could not read; the library's words become its cause. */
export function damaged(kind: AcceptedKind, cause: unknown, page?: number): LockleafError {
  const message =
    kind === 'pdf' && page !== undefined
      ? `Page ${page} of the PDF is damaged or uses something Lockleaf cannot draw, so it cannot be read.`
      : DAMAGED[kind];
  return new LockleafError('DOCUMENT_DAMAGED', message, undefined, { cause });
}

/** Any failure while reading a file, as a named refusal (a LockleafError passes as it is). */
export function asRefusal(error: unknown, kind: AcceptedKind, page?: number): LockleafError {
  return isLockleafError(error) ? error : damaged(kind, error, page);
}

/** The library's own message behind a refusal, for the debug log. */
export function libraryMessage(error: LockleafError): string | undefined {
  const cause = error.cause;
  if (cause === undefined) return undefined;
  return cause instanceof Error ? cause.message : String(cause);
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** A file whose reading took the process past its memory ceiling. */
export function tooComplex(ceilingBytes: number): LockleafError {
  return new LockleafError(
    'FILE_TOO_COMPLEX',
    `Reading this file needed more memory than Lockleaf allows (${gb(ceilingBytes)}), so it was stopped. The file is kept, but its text could not be read.`,
    { limit: ceilingBytes },
  );
}
