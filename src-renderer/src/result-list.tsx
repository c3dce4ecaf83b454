import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { SearchHit, SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { Snippet } from './snippet.js';

const PAGE = 100;

/** A row's thumbnail, fetched only for rows on screen and kept for the session. */
function Thumb({ id }: { id: string }) {
  const thumb = useQuery({
    queryKey: ['documents', 'thumb', id],
    queryFn: () => unwrap(bridge().documentsThumbnail({ id })),
    staleTime: Infinity,
  });
  return thumb.data ? <img className="row-thumb" src={thumb.data} alt="" /> : null;
}

/**
 * Search results or the whole library, fetched a page at a time as the list
 * scrolls and rendered virtually: only the rows in view exist in the DOM, so
 * 100,000 documents scroll like 100.
 */
export interface ResultListProps {
  query: string;
  sort: SearchSort;
  scope: 'library' | 'trash';
  selected?: string;
  onSelect: (id: string) => void;
  onEmpty: (empty: boolean) => void;
  /** Multi-select: the checked documents, and a way to check or uncheck several at once. */
  checked: ReadonlySet<string>;
  onCheck: (ids: string[], value: boolean) => void;
  /** Delete key: trash (the checked documents, or the open one). */
  onDelete: () => void;
  /** More for each row (the trash: when it is purged, Restore). */
  rowExtra?: (hit: SearchHit) => ReactNode;
}

export function ResultList(props: ResultListProps) {
  const { query, sort, scope, selected, onSelect, onEmpty, checked, onCheck, onDelete } = props;
  const lastChecked = useRef<number>(-1);
  const results = useInfiniteQuery({
    queryKey: ['documents', scope, query, sort],
    queryFn: ({ pageParam }) =>
      unwrap(bridge().documentsSearch({ query, scope, sort, limit: PAGE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last, all) => (last.length === PAGE ? all.length * PAGE : undefined),
    placeholderData: (previous) => previous,
  });
  const hits = results.data?.pages.flat() ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: hits.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 64,
    overscan: 10,
  });
  const items = rows.getVirtualItems();

  useEffect(() => onEmpty(results.isSuccess && hits.length === 0), [results.isSuccess, hits.length, onEmpty]);
  useEffect(() => {
    const last = items.at(-1);
    if (last && last.index >= hits.length - 20 && results.hasNextPage && !results.isFetchingNextPage)
      void results.fetchNextPage();
  }, [items, hits.length, results]);

  // Shift extends from the last checked row, as in a file manager.
  const check = (index: number, value: boolean, range: boolean) => {
    const from = range && lastChecked.current >= 0 ? Math.min(lastChecked.current, index) : index;
    const to = range && lastChecked.current >= 0 ? Math.max(lastChecked.current, index) : index;
    onCheck(
      hits.slice(from, to + 1).map((h) => h.id),
      value,
    );
    lastChecked.current = index;
  };

  const onKey = (e: React.KeyboardEvent) => {
    const index = hits.findIndex((h) => h.id === selected);
    if (e.key === 'Delete' && scope === 'library') {
      e.preventDefault();
      onDelete();
      return;
    }
    if (e.key === 'Enter' && index >= 0) {
      // Into the open document: its pane is the next stop for the keyboard.
      e.preventDefault();
      document.querySelector<HTMLElement>('aside.pane h2')?.focus();
      return;
    }
    if (e.key === ' ' && index >= 0 && (e.target as HTMLElement).tagName !== 'INPUT') {
      e.preventDefault();
      check(index, !checked.has(hits[index]!.id), e.shiftKey);
      return;
    }
    const next =
      e.key === 'ArrowDown' ? Math.min(hits.length - 1, index + 1) : e.key === 'ArrowUp' ? Math.max(0, index - 1) : -1;
    if (next < 0 || !hits[next]) return;
    e.preventDefault();
    onSelect(hits[next].id);
    rows.scrollToIndex(next);
  };

  return (
    <div ref={scroller} className="scroller">
      {results.isError && (
        <p role="alert" className="error">
          {results.error.message}
        </p>
      )}
      <ul
        role="listbox"
        aria-label="Results"
        tabIndex={0}
        onKeyDown={onKey}
        style={{ height: rows.getTotalSize(), position: 'relative' }}
      >
        {items.map((row) => {
          const hit = hits[row.index]!;
          return (
            <li
              key={hit.id}
              data-index={row.index}
              ref={rows.measureElement}
              role="option"
              aria-selected={hit.id === selected}
              aria-checked={checked.has(hit.id)}
              aria-setsize={results.hasNextPage ? -1 : hits.length}
              aria-posinset={row.index + 1}
              onClick={(e) =>
                e.ctrlKey || e.metaKey || e.shiftKey
                  ? check(row.index, !checked.has(hit.id), e.shiftKey)
                  : onSelect(hit.id)
              }
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
            >
              {/* Visual only (a span, not an input: no control nested in an option); the option carries aria-checked and Space toggles it. */}
              <span
                className="pick"
                aria-hidden="true"
                data-title={hit.title}
                data-checked={checked.has(hit.id)}
                onClick={(e) => {
                  e.stopPropagation();
                  check(row.index, !checked.has(hit.id), e.shiftKey);
                }}
              />
              <Thumb id={hit.id} />
              <span className="title">{hit.title}</span>
              <Snippet html={hit.snippet} />
              {props.rowExtra?.(hit)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
