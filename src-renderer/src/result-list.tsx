import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit, SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { FailureBadge } from './failure-badge.js';
import { isSelectAll, matchingIds, measureRow, modifierClick } from './list-select.js';
import { fileKind, formatDocDate, RowMeta, Thumb } from './result-row.js';
import { Snippet } from './snippet.js';
import './result-grid.css';

const PAGE = 100;
/** The grid's narrowest cell: as many columns as fit. */
const CELL = 190;

/**
 * Search results or the whole library, fetched a page at a time as the list
 * scrolls and rendered virtually: only the rows in view exist in the DOM, so
 * 100,000 documents scroll like 100. As a list (one document a row) or a grid
 * (rows of large thumbnails); selection and keys are the same in both.
 */
export interface ResultListProps {
  query: string;
  sort: SearchSort;
  scope: 'library' | 'trash';
  layout?: 'list' | 'grid';
  selected?: string;
  onSelect: (id: string) => void;
  /** Enter or double-click: the document in full. */
  onOpen?: (id: string) => void;
  onEmpty: (empty: boolean) => void;
  /** Multi-select: the checked documents, and a way to check or uncheck several at once. */
  checked: ReadonlySet<string>;
  onCheck: (ids: string[], value: boolean) => void;
  /** Delete key: trash (the checked documents, or the open one). */
  onDelete: () => void;
  /** More for each row (the trash: when it is purged, Restore). */
  rowExtra?: (hit: SearchHit) => ReactNode;
}

/** The scroller's width, followed as the window or the panes change. */
function useWidth(el: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el.current) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    observer.observe(el.current);
    return () => observer.disconnect();
  }, [el]);
  return width;
}

export function ResultList(props: ResultListProps) {
  const { query, sort, scope, selected, onSelect, onEmpty, checked, onCheck, onDelete } = props;
  const grid = props.layout === 'grid';
  const { t } = useTranslation();
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
  const width = useWidth(scroller);
  const columns = grid ? Math.max(1, Math.floor(width / CELL)) : 1;
  const rows = useVirtualizer({
    count: Math.ceil(hits.length / columns),
    getScrollElement: () => scroller.current,
    estimateSize: () => (grid ? 250 : 64),
    // Sizes belong to documents, not positions, and are always read from the page: a row's height
    // depends on its title, snippet and thumbnail, which change with the filter, the search and the width.
    getItemKey: (index) => (grid ? `${columns}:${index}` : (hits[index]?.id ?? index)),
    measureElement: measureRow,
    overscan: grid ? 3 : 10,
  });
  const items = rows.getVirtualItems();

  useEffect(() => onEmpty(results.isSuccess && hits.length === 0), [results.isSuccess, hits.length, onEmpty]);
  useEffect(() => {
    const last = items.at(-1);
    if (last && (last.index + 1) * columns >= hits.length - 20 && results.hasNextPage && !results.isFetchingNextPage)
      void results.fetchNextPage();
  }, [items, hits.length, results, columns]);

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
      e.preventDefault();
      props.onOpen?.(hits[index]!.id);
      return;
    }
    if (e.key === ' ' && index >= 0 && (e.target as HTMLElement).tagName !== 'INPUT') {
      e.preventDefault();
      check(index, !checked.has(hits[index]!.id), e.shiftKey);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    // Up/Down move a row (a grid's row is `columns` documents); Left/Right move one in the grid; j/k one in either.
    const step: Record<string, number> = { ArrowDown: columns, ArrowUp: -columns, j: 1, k: -1 };
    if (grid) Object.assign(step, { ArrowRight: 1, ArrowLeft: -1 });
    const by = step[e.key];
    if (by === undefined) return;
    const next = index < 0 ? 0 : Math.min(hits.length - 1, Math.max(0, index + by));
    if (!hits[next]) return;
    e.preventDefault();
    open(hits[next].id);
    rows.scrollToIndex(Math.floor(next / columns));
  };

  // One document: a list row (measured and placed itself), or a grid cell (thumbnail, title, date) in a placed row.
  const option = (hit: SearchHit, index: number, place?: { style: React.CSSProperties } & Record<string, unknown>) => {
    const Tag = grid ? 'div' : 'li';
    return (
      <Tag
        key={hit.id}
        {...place}
        role="option"
        className={grid ? 'cell' : undefined}
        aria-selected={hit.id === selected}
        aria-checked={checked.has(hit.id)}
        aria-setsize={results.hasNextPage ? -1 : hits.length}
        aria-posinset={index + 1}
        // Shift/Ctrl/Cmd-click picks documents; without this the browser would select the page's text too.
        onMouseDown={(e) => modifierClick(e) && e.preventDefault()}
        onClick={(e) => (modifierClick(e) ? check(index, !checked.has(hit.id), e.shiftKey) : open(hit.id))}
        onDoubleClick={() => props.onOpen?.(hit.id)}
      >
        {/* Visual only (a span, not an input: no control nested in an option); the option carries aria-checked and Space toggles it. */}
        <span
          className="pick"
          aria-hidden="true"
          data-title={hit.title}
          data-checked={checked.has(hit.id)}
          onClick={(e) => {
            e.stopPropagation();
            check(index, !checked.has(hit.id), e.shiftKey);
          }}
        />
        {grid ? (
          <>
            <span className="cell-thumb">
              {/* Under the thumbnail, seen only when there is none. */}
              <span className="cell-kind" aria-hidden="true">
                {fileKind(hit.mime)}
              </span>
              <Thumb id={hit.id} className="cell-img" />
            </span>
            <span className="title" title={hit.title}>
              {hit.title}
            </span>
            <span className="cell-date">{formatDocDate(hit.createdAt)}</span>
          </>
        ) : (
          <>
            <Thumb id={hit.id} />
            <span className="title">{hit.title}</span>
            <RowMeta hit={hit} />
            <Snippet html={hit.snippet} />
          </>
        )}
        <FailureBadge documentId={hit.id} />
        {props.rowExtra?.(hit)}
      </Tag>
    );
  };

  return (
    <>
      {hits.length > 0 && (
        <div className="list-head">
          <button onClick={() => void selectAll()}>{t('library.selectAll')}</button>
        </div>
      )}
      <div ref={scroller} className="scroller">
        {results.isError && (
          <p role="alert" className="error">
            {results.error.message}
          </p>
        )}
        {(() => {
          const Box = grid ? 'div' : 'ul';
          return (
            <Box
              role="listbox"
              aria-label={t('library.results')}
              aria-multiselectable="true"
              tabIndex={0}
              onKeyDown={onKey}
              className={grid ? 'results-grid' : undefined}
              style={{ height: rows.getTotalSize(), position: 'relative' }}
            >
              {items.map((row) => {
                const place = {
                  'data-index': row.index,
                  // A new function each render: React hands the row over again, so it is measured again.
                  ref: (el: HTMLElement | null) => rows.measureElement(el),
                  style: {
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${row.start}px)`,
                  } as React.CSSProperties,
                };
                if (!grid) return option(hits[row.index]!, row.index, place);
                const start = row.index * columns;
                return (
                  <div
                    key={row.key}
                    {...place}
                    role="none"
                    className="grid-row"
                    style={{ ...place.style, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
                  >
                    {hits.slice(start, start + columns).map((hit, i) => option(hit, start + i))}
                  </div>
                );
              })}
            </Box>
          );
        })()}
      </div>
    </>
  );
}
