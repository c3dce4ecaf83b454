/** Multi-select in the result list: which clicks and keys pick documents, every id a list matches, a row's height. */
import type { SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';

type Keys = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

/** Ctrl+A, or Cmd+A on macOS (either anywhere: a Mac may have a PC keyboard). */
export const isSelectAll = (e: Keys) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'a';

/** Shift extends a range, Ctrl (Cmd) toggles one: both pick documents instead of opening them. */
export const modifierClick = (e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) =>
  e.shiftKey || e.ctrlKey || e.metaKey;

const PAGE = 500;

/** Every document a list shows, fetched past the pages the list has loaded so far. */
export async function matchingIds(q: {
  query: string;
  scope: 'library' | 'trash';
  sort: SearchSort;
}): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await unwrap(bridge().documentsSearch({ ...q, limit: PAGE, offset }));
    ids.push(...page.map((h) => h.id));
    if (page.length < PAGE) return ids;
  }
}

/**
 * A row's height as drawn, rounded up so fractional heights never overlap.
 * Always measured: the virtualizer's default hands back a cached size when it
 * is given a row again, which is stale once the row's content has changed.
 */
export function measureRow(el: Element, entry: ResizeObserverEntry | undefined): number {
  const box = entry?.borderBoxSize?.[0];
  return Math.ceil(box ? box.blockSize : el.getBoundingClientRect().height);
}
