import type { Catalogue } from '../en/index.js';

export const prefs: Catalogue['prefs'] = {
  title: 'Voreinstellungen',
  autoLock: 'Nach so vielen Minuten Inaktivität sperren',
  ocrLanguages: 'Zu lesende Sprachen (OCR)',
  ocr: { eng: 'Englisch', deu: 'Deutsch', fra: 'Französisch' },
  workers: 'Gleichzeitig gelesene Seiten (OCR-Prozesse)',
  automatic: 'Automatisch',
  workersHint:
    'Jeder Prozess braucht etwa 190 MB Arbeitsspeicher. „Automatisch“ startet einen pro Prozessorkern, so viele, wie der freie Speicher zulässt.',
  trashDays: 'Dokumente im Papierkorb so viele Tage aufbewahren',
  reminderDays: 'So viele Tage vorher an Fälligkeits- und Ablaufdaten erinnern',
  trayTitles: 'Dokumenttitel im Menü des Infobereichs anzeigen',
  trayHint:
    'Das Menü im Infobereich zeichnet das System; andere Apps können es lesen, solange der Tresor geöffnet ist. Ohne Titel zeigt es „Dokument 1“, „Dokument 2“…',
  saved: 'Voreinstellungen gespeichert.',
  save: 'Voreinstellungen speichern',
  languageHint: 'Gilt sofort, auf diesem Gerät.',
  exportLabel: 'Export',
  exportTitle: 'Alle Daten exportieren',
  exportHint:
    'Alle Dokumente, entschlüsselt, mit Text, Schlagwörtern und Angaben in manifest.json. Bewahren Sie die Kopie sicher auf: Sie ist nicht verschlüsselt.',
  exportButton: 'Alle Daten exportieren…',
  exportProgress: 'Exportfortschritt',
  doneOf: '{{done}} von {{total}}',
  exported_one: '{{count}} Dokument nach {{folder}} exportiert.',
  exported_other: '{{count}} Dokumente nach {{folder}} exportiert.',
};
