import type { Catalogue } from '../en/index.js';

export const files: Catalogue['files'] = {
  add: 'Dokumente hinzufügen…',
  added_one: '{{count}} Dokument hinzugefügt; unter „Importe“ sehen Sie, wie es gelesen wird.',
  added_other: '{{count}} Dokumente hinzugefügt; unter „Importe“ sehen Sie, wie sie gelesen werden.',
  dropped_one: '{{count}} Datei hinzugefügt; unter „Importe“ sehen Sie, wie sie gelesen wird.',
  dropped_other: '{{count}} Dateien hinzugefügt; unter „Importe“ sehen Sie, wie sie gelesen werden.',
  duplicate: '{{name}} ist bereits als „{{title}}“ im Tresor.',
  duplicateInTrash: '{{name}} ist bereits als „{{title}}“ im Tresor (im Papierkorb).',
  refused: '{{name}} nicht hinzugefügt: {{reason}}',
  failed: '{{name}}: {{reason}}',
  dropHint: 'Loslassen, um es Ihrem Tresor hinzuzufügen',
  messages: 'Meldungen',
  openExisting: 'Vorhandene Kopie öffnen',
  closeMessage: 'Meldung schließen',
  closeEsc: 'Schließen (Esc)',
  pdfPasswordFor: 'Passwort für {{name}}',
  pdfPassword: 'PDF-Passwort',
  readWithPassword: 'Mit Passwort lesen',
  needsPassword: 'Passwort nötig',
  unreadable: 'Nicht lesbar',
  readingFailed: 'Lesen fehlgeschlagen.',
  purgeOn: 'Wird am {{date}} endgültig gelöscht',
  restore: 'Wiederherstellen',
  dismiss: 'Ausblenden',
};

export const destroy: Catalogue['destroy'] = {
  title: 'Diesen Tresor endgültig löschen',
  hint: 'Alle Dokumente, ihr Text und die Schlüssel werden gelöscht und lassen sich nicht wiederherstellen. Exportieren Sie vorher, wenn Sie eine Kopie möchten.',
  typeToConfirm: 'Geben Sie zur Bestätigung „{{phrase}}“ ein',
};
