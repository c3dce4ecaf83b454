/** The filter bar's choices as search-language tokens, so a view is just a query string. */
import type { SearchSort } from '../../src-shared/documents.js';

export interface Filters {
  type: string;
  correspondent: string;
  tag: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export const NO_FILTERS: Filters = { type: '', correspondent: '', tag: '', from: '', to: '' };

const quote = (v: string) => `"${v.replace(/"/g, '')}"`;

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function filterTokens(f: Filters): string {
  return [
    f.type && `type:${quote(f.type)}`,
    f.correspondent && `correspondent:${quote(f.correspondent)}`,
    f.tag && `tag:${quote(f.tag)}`,
    f.from && `from:${f.from}`,
    f.to && `before:${dayAfter(f.to)}`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function combinedQuery(text: string, f: Filters): string {
  return [text.trim(), filterTokens(f)].filter(Boolean).join(' ');
}

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  added: 'Newest added',
  created: 'Document date',
  title: 'Title',
};
