import type { Catalogue } from '../en/index.js';

export const gate: Catalogue['gate'] = {
  unlockTitle: 'Lockleaf entsperren',
  createTitle: 'Ihren Tresor anlegen',
  createIntro:
    'Ihre Dokumente werden mit dieser Passphrase verschlüsselt. Niemand – auch nicht Lockleaf – kann sie wiederherstellen, wenn Sie sie vergessen.',
  passphrase: 'Passphrase',
  showPassphrase: 'Passphrase anzeigen',
  strength: 'Stärke der Passphrase',
  repeat: 'Passphrase wiederholen',
  differ: 'Die Passphrasen stimmen nicht überein.',
  tooShortProblem: 'Die Passphrase ist zu kurz: Verwenden Sie mindestens 8 Zeichen.',
  differProblem: 'Die Passphrasen stimmen nicht überein: Geben Sie zweimal dieselbe Passphrase ein.',
  wait: 'Zu viele falsche Passphrasen. Erneut versuchen in {{seconds}} s',
  unlock: 'Entsperren',
  create: 'Tresor anlegen',
  openSynced: 'Synchronisierten Tresor öffnen',
  short: 'Zu kurz: mindestens 8 Zeichen',
  common: 'Schwach: ein verbreitetes Passwort, das zuerst geraten wird; nehmen Sie einige unzusammenhängende Wörter',
  weak: 'Schwach: Fügen Sie Wörter oder Zeichen hinzu',
  fair: 'Mittel',
  strong: 'Stark',
  cloneIntro:
    'Holen Sie einen Tresor, den Sie auf einem anderen Gerät synchronisieren, auf dieses. Sie benötigen die Angaben zum Bucket, Ihre Passphrase und den geheimen Schlüssel aus Ihrem Notfall-Kit.',
  secretKey: 'Geheimer Schlüssel',
  deviceName: 'Name dieses Geräts (optional)',
  cloneProgress: 'Synchronisierter Tresor wird geöffnet',
  cloneChecking: 'Bucket und Schlüssel werden geprüft…',
  cloneSubmit: 'Synchronisierten Tresor öffnen',
};

export const bucket: Catalogue['bucket'] = {
  legend: 'Bucket',
  storage: 'Speicher',
  other: 'Anderer S3-kompatibler Speicher',
  accountId: 'R2-Konto-ID',
  accountIdHint: '32 hexadezimale Zeichen',
  endpoint: 'Endpunkt',
  region: 'Region',
  pathStyle: 'Pfad-Adressen (MinIO und andere selbst betriebene Server)',
  name: 'Name des Buckets',
  accessKeyId: 'Zugriffsschlüssel-ID',
  secretAccessKey: 'Geheimer Zugriffsschlüssel',
};
