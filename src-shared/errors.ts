/**
 * Expected failures, named. They cross process boundaries (IPC, CLI exit
 * messages) as data: `{ ok: false, error: { code, message } }`. Anything that
 * is not one of these is a bug and is thrown, not returned.
 */
export const errorCodes = [
  'VAULT_EXISTS',
  'VAULT_NOT_FOUND',
  'VAULT_CORRUPT',
  'VAULT_LOCKED',
  'VAULT_LOCKED_BY_OTHER_PROCESS',
  'WRONG_PASSPHRASE',
  'UNLOCK_THROTTLED',
  'DEVICE_KEY_UNAVAILABLE',
  'WEAK_PASSPHRASE',
  'BLOB_TAMPERED',
  'BLOB_MISSING',
  'DOCUMENT_NOT_FOUND',
  'DUPLICATE_DOCUMENT',
  'INVALID_QUERY',
  'INVALID_INPUT',
  'EXPORT_TARGET_NOT_EMPTY',
  'IMPORT_INVALID',
  'AUDIT_CHAIN_BROKEN',
  'FILE_UNREADABLE',
  'UNSUPPORTED_TYPE',
  'FILE_TOO_LARGE',
  'TOO_MANY_PIXELS',
  'TOO_MANY_PAGES',
  'PDF_ENCRYPTED',
  // The password typed for a protected PDF (ingest:unlockPdf) does not open it; it can be typed again.
  'PDF_WRONG_PASSWORD',
  'DOCUMENT_DAMAGED',
  'PROCESSING_TIMEOUT',
  'FILE_TOO_COMPLEX',
  'JOB_NOT_FOUND',
  'JOB_CANCELLED',
  'MAILBOX_NOT_FOUND',
  'MAILBOX_EXISTS',
  'NO_MAILBOX',
  'MAIL_AUTH_FAILED',
  'MAIL_AUTH_REVOKED',
  'MAIL_TLS_FAILED',
  'MAIL_CERTIFICATE_INVALID',
  'MAIL_TOO_LARGE',
  'MAIL_RECIPIENT_REJECTED',
  'MAIL_UNAVAILABLE',
  'MAIL_REJECTED',
  'OAUTH_FAILED',
  'OAUTH_CANCELLED',
  'OUTBOX_NOT_FOUND',
  'NOT_AVAILABLE',
  // Another change to the vault's keys (rotation, passphrase, destroy) is under way: try again when it is done.
  'KEYS_BUSY',
  'VAULT_DESTROYED',
  'CONFIRMATION_MISMATCH',
  // Sync remote (S3-compatible bucket): credentials refused, bucket missing, unreachable, refusing, object changed mid-read.
  'REMOTE_AUTH_FAILED',
  'REMOTE_NOT_FOUND',
  'REMOTE_UNAVAILABLE',
  'REMOTE_REFUSED',
  'REMOTE_CONFLICT',
  // Sync change log (also uses SYNC_NOT_LOCKLEAF, SYNC_NEWER_FORMAT below): an object altered, swapped or replayed;
  // a device's chain rolled back, gapped or forked; no key for an object's epoch. Nothing is applied.
  'SYNC_TAMPERED',
  'SYNC_SWAPPED',
  'SYNC_REPLAY',
  'SYNC_ROLLBACK',
  'SYNC_GAP',
  'SYNC_FORK',
  'SYNC_KEY_UNAVAILABLE',
  // Sync keys (also uses SYNC_TAMPERED above, for a damaged key object): a mistyped Secret Key; the remote keyring did
  // not open (either secret); not a Lockleaf bucket; a newer format; another vault's bucket.
  'SECRET_KEY_INVALID',
  'WRONG_PASSPHRASE_OR_SECRET_KEY',
  'SYNC_NOT_LOCKLEAF',
  'SYNC_NEWER_FORMAT',
  'SYNC_VAULT_MISMATCH',
  // Sync keys: a key object asking for a KDF cost above the cap (checked before any Argon2 runs).
  'SYNC_KDF_TOO_COSTLY',
  // Sync merge: a change stamped far ahead of this device's clock; a change that breaks the merge's rules.
  'SYNC_CLOCK_AHEAD',
  'SYNC_CHANGE_INVALID',
  // Sync set-up and rounds: no remote on this device; one already set up; the bucket already holds another vault
  // (clone it instead); a round failed for a reason with no code of its own.
  'SYNC_NOT_SET_UP',
  'SYNC_ALREADY_SET_UP',
  'SYNC_REMOTE_IN_USE',
  'SYNC_FAILED',
  // The passphrase was changed on another device: this one asks for the new one before it syncs again.
  'SYNC_PASSPHRASE_CHANGED',
  // Removing sync while edits made here have not reached the bucket (they never would).
  'SYNC_PENDING',
  // Claude (opt-in): AI is off or has no key; the document is marked never-send or carries an excluded tag; the
  // API key was refused (401/403, never retried); Claude answered something unusable (a refused request, no tool call).
  'AI_DISABLED',
  'AI_EXCLUDED',
  'AI_KEY_REJECTED',
  'AI_FAILED',
  // The document has no text to send yet (still being read, or nothing could be read).
  'AI_NO_TEXT',
  // What would be sent changed since the preview the user approved: preview again.
  'AI_PREVIEW_CHANGED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Extra, non-secret facts a UI may use (e.g. retryAfterMs). */
  details?: Record<string, string | number | boolean>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
