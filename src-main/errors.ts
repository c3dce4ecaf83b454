import type { ErrorCode, ErrorData } from '../src-shared/errors.js';

/** An expected, named failure. Everything else thrown is a bug. */
export class LockleafError extends Error {
  override readonly name = 'LockleafError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorData['details'],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toData(): ErrorData {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isLockleafError(error: unknown, code?: ErrorCode): error is LockleafError {
  return error instanceof LockleafError && (code === undefined || error.code === code);
}
