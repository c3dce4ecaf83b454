import type { Catalogue } from '../en/index.js';

export const errors: Catalogue['errors'] = {
  WRONG_PASSPHRASE: 'Phrase secrète incorrecte.',
  UNLOCK_THROTTLED: 'Trop de phrases secrètes erronées. Réessayez dans {{seconds}} s.',
  WEAK_PASSPHRASE: 'Cette phrase secrète est trop faible : utilisez au moins 8 caractères.',
  UNSUPPORTED_TYPE:
    'Lockleaf ne peut pas lire ce fichier : il lit les formats PDF, JPEG, PNG, TIFF, WebP et HEIC/HEIF.',
  VAULT_LOCKED: 'Le coffre-fort a été verrouillé ; rien n’a été modifié.',
  PDF_WRONG_PASSWORD: 'Ce mot de passe n’ouvre pas ce PDF. Réessayez.',
  NO_MAILBOX: 'Aucune boîte mail connectée : ajoutez-en une dans Réglages → Boîtes mail.',
  CONFIRMATION_MISMATCH: 'La phrase de confirmation ne correspond pas ; rien n’a été supprimé.',
  SECRET_KEY_INVALID: 'Ce n’est pas une clé secrète valide : comparez-la avec votre kit de secours.',
  WRONG_PASSPHRASE_OR_SECRET_KEY: 'La phrase secrète ou la clé secrète est incorrecte. Rien n’a été écrit.',
  REMOTE_AUTH_FAILED: 'Le bucket a refusé la clé d’accès : vérifiez l’identifiant et le secret.',
  REMOTE_UNAVAILABLE: 'Le bucket est injoignable pour le moment. Lockleaf réessaiera plus tard.',
  KEYS_BUSY: 'Une autre modification des clés du coffre-fort est en cours. Réessayez une fois qu’elle sera terminée.',
};
