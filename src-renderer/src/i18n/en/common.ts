/** Words used all over the window. */
export const common = {
  loading: 'Loading…',
  opening: 'Opening…',
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  saved: 'Saved',
  delete: 'Delete',
  back: 'Back',
  retry: 'Retry',
  undo: 'Undo',
  remove: 'Remove',
  documents_one: '{{count, number}} document',
  documents_other: '{{count, number}} documents',
  pickDate: 'Pick a date',
  notADate: 'Not a date. Type it like {{example}}.',
};
