/**
 * What "accept" writes when the user takes a suggestion as it is: each field the
 * suggestion fills, and the document's own value where it has none. Tags are
 * added to the ones the document has, never taken away. The Inbox form starts
 * from the same values, so accepting without an edit and `lockleaf inbox accept`
 * do the same thing.
 */
import type { AcceptInput, InboxItem, Suggestion } from '../classify.js';

/** Claude's fields where it gave them, the device's otherwise (Claude is asked only on purpose). */
export function mergedSuggestion(item: InboxItem): Suggestion | null {
  const ai = item.aiSuggestion;
  const device = item.suggestion;
  if (!ai || !device) return ai ?? device;
  return {
    source: 'ai',
    title: ai.title ?? device.title,
    type: ai.type ?? device.type,
    correspondent: ai.correspondent ?? device.correspondent,
    tags: ai.tags.length ? ai.tags : device.tags,
    documentDate: ai.documentDate ?? device.documentDate,
    total: ai.total ?? device.total,
    dueDate: ai.dueDate ?? device.dueDate,
    expiryDate: ai.expiryDate ?? device.expiryDate,
    summary: ai.summary,
  };
}

/** The title ingest gave it (the file's name without extension): the user has not named it yet. */
export function hasFileTitle(item: Pick<InboxItem, 'title' | 'originalName'>): boolean {
  const dot = item.originalName.lastIndexOf('.');
  return item.title === (dot > 0 ? item.originalName.slice(0, dot) : item.originalName);
}

export function acceptInputFor(item: InboxItem, suggestion = mergedSuggestion(item)): AcceptInput {
  const tags = [...item.current.tags];
  for (const t of suggestion?.tags ?? [])
    if (!tags.some((have) => have.toLocaleLowerCase('en-US') === t.name.toLocaleLowerCase('en-US'))) tags.push(t.name);
  return {
    id: item.id,
    title: (hasFileTitle(item) ? suggestion?.title : null) ?? item.title,
    type: item.current.type ?? suggestion?.type?.name ?? null,
    correspondent: item.current.correspondent ?? suggestion?.correspondent?.name ?? null,
    tags,
    removeTags: [],
    documentDate: suggestion?.documentDate ?? null,
    // What the document already holds wins, like its type: accepting never loses a value the user typed.
    // A total whose currency nobody knows cannot be stored as money; the form asks for one.
    total: item.current.total ?? (suggestion?.total?.currency ? suggestion.total : null),
    dueDate: item.current.dueDate ?? suggestion?.dueDate ?? null,
    expiryDate: item.current.expiryDate ?? suggestion?.expiryDate ?? null,
  };
}
