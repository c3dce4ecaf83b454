import type { Catalogue } from '../en/index.js';

export const files: Catalogue['files'] = {
  add: 'Ajouter des documents…',
  added_one: '{{count}} document ajouté ; Importations en montre la lecture.',
  added_other: '{{count}} documents ajoutés ; Importations en montre la lecture.',
  dropped_one: '{{count}} fichier ajouté ; Importations en montre la lecture.',
  dropped_other: '{{count}} fichiers ajoutés ; Importations en montre la lecture.',
  duplicate: '{{name}} est déjà dans le coffre-fort sous le nom « {{title}} ».',
  duplicateInTrash: '{{name}} est déjà dans le coffre-fort sous le nom « {{title}} » (dans la corbeille).',
  refused: '{{name}} non ajouté : {{reason}}',
  failed: '{{name}} : {{reason}}',
  dropHint: 'Déposez pour ajouter à votre coffre-fort',
  messages: 'Messages',
  openExisting: 'Ouvrir la copie existante',
  closeMessage: 'Fermer le message',
  closeEsc: 'Fermer (Échap)',
  pdfPasswordFor: 'Mot de passe de {{name}}',
  pdfPassword: 'Mot de passe du PDF',
  readWithPassword: 'Lire avec le mot de passe',
  needsPassword: 'Mot de passe requis',
  unreadable: 'Illisible',
  readingFailed: 'La lecture a échoué.',
  purgeOn: 'Supprimé définitivement le {{date}}',
  restore: 'Restaurer',
  dismiss: 'Masquer',
};

export const destroy: Catalogue['destroy'] = {
  title: 'Supprimer définitivement ce coffre-fort',
  hint: 'Tous les documents, leur texte et les clés disparaissent sans retour possible. Exportez d’abord si vous voulez une copie.',
  typeToConfirm: 'Saisissez « {{phrase}} » pour confirmer',
};
