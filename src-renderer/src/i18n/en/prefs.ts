/** Settings → Preferences and Export all data. */
export const prefs = {
  title: 'Preferences',
  autoLock: 'Lock after this many idle minutes',
  ocrLanguages: 'Languages to read (OCR)',
  ocr: { eng: 'English', deu: 'German', fra: 'French' },
  workers: 'Pages read at the same time (OCR workers)',
  automatic: 'Automatic',
  workersHint:
    'Each worker uses about 190 MB of memory. Automatic runs one per processor core, as many as free memory allows.',
  trashDays: 'Keep trashed documents for this many days',
  reminderDays: 'Remind me of due and expiry dates this many days ahead',
  trayTitles: 'Show document titles in the tray menu',
  trayHint:
    'The tray menu is drawn by the system, where other apps can read it while the vault is open. Without titles it lists “Document 1”, “Document 2”…',
  saved: 'Preferences saved.',
  save: 'Save preferences',
  languageHint: 'Applies at once, on this device.',
  exportLabel: 'Export',
  exportTitle: 'Export all data',
  exportHint:
    'Every document, decrypted, with its text, tags and details in manifest.json. Keep the copy somewhere safe: it is not encrypted.',
  exportButton: 'Export all data…',
  exportProgress: 'Export progress',
  doneOf: '{{done}} of {{total}}',
  exported_one: 'Exported {{count}} document to {{folder}}.',
  exported_other: 'Exported {{count}} documents to {{folder}}.',
};
