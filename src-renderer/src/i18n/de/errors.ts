import type { Catalogue } from '../en/index.js';

export const errors: Catalogue['errors'] = {
  WRONG_PASSPHRASE: 'Falsche Passphrase.',
  UNLOCK_THROTTLED: 'Zu viele falsche Passphrasen. Erneut versuchen in {{seconds}} s.',
  WEAK_PASSPHRASE: 'Diese Passphrase ist zu schwach: Verwenden Sie mindestens 8 Zeichen.',
  UNSUPPORTED_TYPE: 'Lockleaf kann diese Datei nicht lesen: Es liest PDF, JPEG, PNG, TIFF, WebP und HEIC/HEIF.',
  VAULT_LOCKED: 'Der Tresor wurde gesperrt; nichts wurde geändert.',
  PDF_WRONG_PASSWORD: 'Dieses Passwort öffnet das PDF nicht. Versuchen Sie es erneut.',
  NO_MAILBOX: 'Kein Postfach verbunden: Fügen Sie eines unter Einstellungen → Postfächer hinzu.',
  CONFIRMATION_MISMATCH: 'Der Bestätigungstext stimmt nicht; nichts wurde gelöscht.',
  SECRET_KEY_INVALID: 'Das ist kein gültiger geheimer Schlüssel: Vergleichen Sie ihn mit Ihrem Notfall-Kit.',
  WRONG_PASSPHRASE_OR_SECRET_KEY: 'Passphrase oder geheimer Schlüssel sind falsch. Nichts wurde geschrieben.',
  REMOTE_AUTH_FAILED: 'Der Bucket hat den Zugriffsschlüssel abgelehnt: Prüfen Sie Schlüssel-ID und Geheimnis.',
  REMOTE_UNAVAILABLE: 'Der Bucket ist gerade nicht erreichbar. Lockleaf versucht es später erneut.',
  KEYS_BUSY: 'Eine andere Änderung an den Schlüsseln des Tresors läuft gerade. Versuchen Sie es danach erneut.',
};
