import type { Catalogue } from '../en/index.js';

export const common: Catalogue['common'] = {
  loading: 'Chargement…',
  opening: 'Ouverture…',
  cancel: 'Annuler',
  close: 'Fermer',
  save: 'Enregistrer',
  saved: 'Enregistré',
  delete: 'Supprimer',
  back: 'Retour',
  retry: 'Réessayer',
  undo: 'Annuler',
  remove: 'Retirer',
  documents_one: '{{count, number}} document',
  documents_other: '{{count, number}} documents',
  pickDate: 'Choisir une date',
  notADate: 'Ce n’est pas une date. Saisissez-la ainsi : {{example}}.',
};
