import type { Catalogue } from '../en/index.js';

export const gate: Catalogue['gate'] = {
  unlockTitle: 'Déverrouiller Lockleaf',
  createTitle: 'Créer votre coffre-fort',
  createIntro:
    'Vos documents sont chiffrés avec cette phrase secrète. Personne — pas même Lockleaf — ne peut la retrouver si vous l’oubliez.',
  passphrase: 'Phrase secrète',
  showPassphrase: 'Afficher la phrase secrète',
  strength: 'Robustesse de la phrase secrète',
  repeat: 'Répéter la phrase secrète',
  differ: 'Les phrases secrètes diffèrent.',
  tooShortProblem: 'La phrase secrète est trop courte : utilisez au moins 8 caractères.',
  differProblem: 'Les phrases secrètes diffèrent : saisissez deux fois la même phrase secrète.',
  wait: 'Trop de phrases secrètes erronées. Réessayez dans {{seconds}} s',
  unlock: 'Déverrouiller',
  create: 'Créer le coffre-fort',
  openSynced: 'Ouvrir un coffre-fort synchronisé',
  short: 'Trop courte : au moins 8 caractères',
  common: 'Faible : un mot de passe courant, deviné en premier ; utilisez quelques mots sans rapport entre eux',
  weak: 'Faible : ajoutez des mots ou des caractères',
  fair: 'Moyenne',
  strong: 'Robuste',
  cloneIntro:
    'Ouvrez sur cet appareil un coffre-fort que vous synchronisez sur un autre. Il vous faut les informations du bucket, votre phrase secrète et la clé secrète de votre kit de secours.',
  secretKey: 'Clé secrète',
  deviceName: 'Nom de cet appareil (facultatif)',
  cloneProgress: 'Ouverture du coffre-fort synchronisé',
  cloneChecking: 'Vérification du bucket et de vos clés…',
  cloneSubmit: 'Ouvrir le coffre-fort synchronisé',
};

export const bucket: Catalogue['bucket'] = {
  legend: 'Bucket',
  storage: 'Stockage',
  other: 'Autre stockage compatible S3',
  accountId: 'Identifiant de compte R2',
  accountIdHint: '32 caractères hexadécimaux',
  endpoint: 'Point de terminaison',
  region: 'Région',
  pathStyle: 'Adresses de type chemin (MinIO et autres serveurs auto-hébergés)',
  name: 'Nom du bucket',
  accessKeyId: 'Identifiant de clé d’accès',
  secretAccessKey: 'Clé d’accès secrète',
};
