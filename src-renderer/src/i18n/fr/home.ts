import type { Catalogue } from '../en/index.js';

export const home: Catalogue['home'] = {
  title: 'Accueil',
  recent: {
    title: 'Ajoutés récemment',
    empty:
      'Rien pour l’instant : déposez des numérisations, photos ou PDF n’importe où dans cette fenêtre, ou utilisez « Ajouter des documents ».',
  },
  inbox: {
    title: 'Boîte de réception',
    waiting_one: 'suggestion à examiner',
    waiting_other: 'suggestions à examiner',
    open: 'Ouvrir la boîte de réception',
  },
  due: {
    title: 'Échéances proches',
    none: 'Rien n’arrive à échéance ni n’expire bientôt.',
    all: 'Toutes les échéances',
  },
  storage: {
    title: 'Stockage',
    documents_one: 'Document',
    documents_other: 'Documents',
    pages_one: 'Page',
    pages_other: 'Pages',
    size: 'Taille du coffre-fort sur le disque',
    trashed_one: 'Dans la corbeille',
    trashed_other: 'Dans la corbeille',
  },
};
