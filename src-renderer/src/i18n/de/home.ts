import type { Catalogue } from '../en/index.js';

export const home: Catalogue['home'] = {
  title: 'Start',
  recent: {
    title: 'Zuletzt hinzugefügt',
    empty:
      'Noch nichts: Ziehen Sie Scans, Fotos oder PDFs an eine beliebige Stelle dieses Fensters oder verwenden Sie „Dokumente hinzufügen“.',
  },
  inbox: {
    title: 'Eingang',
    waiting_one: 'Vorschlag zu prüfen',
    waiting_other: 'Vorschläge zu prüfen',
    open: 'Eingang öffnen',
  },
  due: {
    title: 'Bald fällig',
    none: 'Nichts ist bald fällig oder läuft bald ab.',
    all: 'Alle Fälligkeiten',
  },
  storage: {
    title: 'Speicher',
    documents_one: 'Dokument',
    documents_other: 'Dokumente',
    pages_one: 'Seite',
    pages_other: 'Seiten',
    size: 'Größe des Tresors auf dem Datenträger',
    trashed_one: 'Im Papierkorb',
    trashed_other: 'Im Papierkorb',
  },
};
