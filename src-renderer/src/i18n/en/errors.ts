/**
 * Main's errors are worded in English (with details such as file names); these common ones are said in the chosen
 * language instead, by code. English keeps main's own wording: these texts are German's and French's source.
 */
export const errors = {
  WRONG_PASSPHRASE: 'Wrong passphrase.',
  UNLOCK_THROTTLED: 'Too many wrong passphrases. Try again in {{seconds}} s.',
  WEAK_PASSPHRASE: 'This passphrase is too weak: use at least 8 characters.',
  UNSUPPORTED_TYPE: 'Lockleaf cannot read this file: it reads PDF, JPEG, PNG, TIFF, WebP or HEIC/HEIF.',
  VAULT_LOCKED: 'The vault was locked; nothing was changed.',
  PDF_WRONG_PASSWORD: 'That password does not open this PDF. Try again.',
  NO_MAILBOX: 'No mailbox is connected: add one in Settings → Mailboxes.',
  CONFIRMATION_MISMATCH: 'The confirmation phrase does not match; nothing was deleted.',
  SECRET_KEY_INVALID: 'This is not a valid Secret Key: check it against your emergency kit.',
  WRONG_PASSPHRASE_OR_SECRET_KEY: 'The passphrase or the Secret Key is wrong. Nothing was written.',
  REMOTE_AUTH_FAILED: 'The bucket refused the access key: check the key id and secret.',
  REMOTE_UNAVAILABLE: 'The bucket cannot be reached right now. Lockleaf tries again later.',
  KEYS_BUSY: 'Another change to the vault’s keys is under way. Try again when it is done.',
};
