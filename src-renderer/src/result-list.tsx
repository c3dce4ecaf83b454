import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { SearchHit, SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { isSelectAll, matchingIds, measureRow, modifierClick } from './list-select.js';
import { FailureBadge } from './failure-badge.js';
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
  // The row a Shift-click or Shift+Space extends from (the last opened or checked), by id: indexes move as the list changes.
  const anchor = useRef<string | undefined>(undefined);
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
    // Sizes belong to documents, not positions, and are always read from the page: a row's height
    // depends on its title, snippet and thumbnail, which change with the filter, the search and the width.
    getItemKey: (index) => hits[index]?.id ?? index,
    measureElement: measureRow,
    overscan: 10,
  });
  const items = rows.getVirtualItems();

  useEffect(() => onEmpty(results.isSuccess && hits.length === 0), [results.isSuccess, hits.length, onEmpty]);
  useEffect(() => {
    const last = items.at(-1);
    if (last && last.index >= hits.length - 20 && results.hasNextPage && !results.isFetchingNextPage)
      void results.fetchNextPage();
  }, [items, hits.length, results]);

  // Shift extends from the anchor, as in a file manager.
  const check = (index: number, value: boolean, range: boolean) => {
    const at = range && anchor.current ? hits.findIndex((h) => h.id === anchor.current) : -1;
    const from = at >= 0 ? Math.min(at, index) : index;
    const to = at >= 0 ? Math.max(at, index) : index;
    onCheck(
      hits.slice(from, to + 1).map((h) => h.id),
      value,
    );
    anchor.current = hits[index]?.id;
  };
  // Every document the list matches, not only the rows fetched so far.
  const selectAll = async () => onCheck(await matchingIds({ query, scope, sort }), true);
  const open = (id: string) => {
    anchor.current = id;
    onSelect(id);
  };

  const onKey = (e: React.KeyboardEvent) => {
    const index = hits.findIndex((h) => h.id === selected);
    if (isSelectAll(e)) {
      // The documents, not the page's text.
      e.preventDefault();
      void selectAll();
      return;
    }
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
    open(hits[next].id);
    rows.scrollToIndex(next);
  };

  return (
    <>
      {hits.length > 0 && (
        <div className="list-head">
          <button onClick={() => void selectAll()}>Select all</button>
        </div>
      )}
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
                // A new function each render: React hands the row over again, so it is measured again.
                ref={(el) => rows.measureElement(el)}
                role="option"
                aria-selected={hit.id === selected}
                aria-checked={checked.has(hit.id)}
                aria-setsize={results.hasNextPage ? -1 : hits.length}
                aria-posinset={row.index + 1}
                // Shift/Ctrl/Cmd-click picks documents; without this the browser would select the page's text too.
                onMouseDown={(e) => modifierClick(e) && e.preventDefault()}
                onClick={(e) => (modifierClick(e) ? check(row.index, !checked.has(hit.id), e.shiftKey) : open(hit.id))}
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
                <FailureBadge documentId={hit.id} />
                {props.rowExtra?.(hit)}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
