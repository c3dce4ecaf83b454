import type { Catalogue } from '../en/index.js';

export const common: Catalogue['common'] = {
  loading: 'Wird geladen…',
  opening: 'Wird geöffnet…',
  cancel: 'Abbrechen',
  close: 'Schließen',
  save: 'Speichern',
  saved: 'Gespeichert',
  delete: 'Löschen',
  back: 'Zurück',
  retry: 'Erneut versuchen',
  undo: 'Rückgängig',
  remove: 'Entfernen',
  documents_one: '{{count, number}} Dokument',
  documents_other: '{{count, number}} Dokumente',
  pickDate: 'Datum wählen',
  notADate: 'Kein Datum. Geben Sie es so ein: {{example}}.',
};
