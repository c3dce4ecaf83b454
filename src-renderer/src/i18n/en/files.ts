/** Adding files (button, drop), what became of them, protected PDFs, rows that failed, the trash. */
export const files = {
  add: 'Add documents…',
  added_one: '{{count}} document added; Imports shows the reading.',
  added_other: '{{count}} documents added; Imports shows the reading.',
  dropped_one: '{{count}} file added; Imports shows the reading.',
  dropped_other: '{{count}} files added; Imports shows the reading.',
  duplicate: '{{name}} is already in the vault as “{{title}}”.',
  duplicateInTrash: '{{name}} is already in the vault as “{{title}}” (in the trash).',
  refused: '{{name}} not added: {{reason}}',
  failed: '{{name}}: {{reason}}',
  dropHint: 'Drop to add to your vault',
  messages: 'Messages',
  openExisting: 'Open the existing copy',
  closeMessage: 'Close message',
  closeEsc: 'Close (Esc)',
  pdfPasswordFor: 'Password for {{name}}',
  pdfPassword: 'PDF password',
  readWithPassword: 'Read with password',
  needsPassword: 'Needs password',
  unreadable: 'Could not be read',
  readingFailed: 'Reading failed.',
  purgeOn: 'Deleted for good on {{date}}',
  restore: 'Restore',
  dismiss: 'Dismiss',
};

/** Settings → Delete this vault for good. */
export const destroy = {
  title: 'Delete this vault for good',
  hint: 'Every document, its text and the keys go, and cannot be brought back. Export first if you want a copy.',
  typeToConfirm: 'Type “{{phrase}}” to confirm',
};
