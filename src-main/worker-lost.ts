/**
 * A worker thread (a file reader or an OCR worker) that died or was stopped
 * while it worked on a file: timed out, crashed, ran out of memory. Unlike a
 * file that is simply unreadable, this may not happen again, so the ingest
 * queue tries the file again, a few times, before it gives up on it.
 */
import { LockleafError, isLockleafError } from './errors.js';

/** The same error, marked as one that cost a worker. */
export function workerLost(error: LockleafError): LockleafError {
  return new LockleafError(error.code, error.message, { ...error.details, workerLost: true }, { cause: error });
}

export function isWorkerLost(error: unknown): error is LockleafError {
  return isLockleafError(error) && error.details?.workerLost === true;
}
