/**
 * A document's history as the window shows it beside the document (issue 16): built in main from what the
 * vault already records, never from secrets or message bodies. `detail` is a value, not a sentence (a file
 * name, a field, a tag, recipient domains, a model), so the window words it in the user's language.
 */
export const historyKinds = ['added', 'edited', 'tagged', 'untagged', 'trashed', 'restored', 'sent', 'ai'] as const;
export type HistoryKind = (typeof historyKinds)[number];

/** What an `edited` entry names: one of the document's fields, a custom field's name, or `details` when unknown. */
export const editedFields = ['title', 'notes', 'date', 'type', 'correspondent', 'details'] as const;

export interface HistoryEntry {
  /** ISO time. */
  at: string;
  kind: HistoryKind;
  /**
   * added: the original file name; edited: a field (editedFields) or `field:<custom field name>`;
   * tagged/untagged: the tag; sent: the recipients' domains; ai: the model; trashed/restored: ''.
   */
  detail: string;
}
