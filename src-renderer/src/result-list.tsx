import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { bridge, unwrap } from './bridge.js';
import { Snippet } from './snippet.js';

const PAGE = 100;

/**
 * Search results or the whole library, fetched a page at a time as the list
 * scrolls and rendered virtually: only the rows in view exist in the DOM, so
 * 100,000 documents scroll like 100.
 */
export function ResultList(props: { query: string; scope: 'library' | 'trash'; selected?: string; onSelect: (id: string) => void; onEmpty: (empty: boolean) => void }) {
  const { query, scope, selected, onSelect, onEmpty } = props;
  const results = useInfiniteQuery({
    queryKey: ['documents', scope, query],
    queryFn: ({ pageParam }) => unwrap(bridge().documentsSearch({ query, scope, limit: PAGE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last, all) => (last.length === PAGE ? all.length * PAGE : undefined),
    placeholderData: (previous) => previous,
  });
  const hits = results.data?.pages.flat() ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: hits.length, getScrollElement: () => scroller.current, estimateSize: () => 64, overscan: 10 });
  const items = rows.getVirtualItems();

  useEffect(() => onEmpty(results.isSuccess && hits.length === 0), [results.isSuccess, hits.length, onEmpty]);
  useEffect(() => {
    const last = items.at(-1);
    if (last && last.index >= hits.length - 20 && results.hasNextPage && !results.isFetchingNextPage) void results.fetchNextPage();
  }, [items, hits.length, results]);

  const onKey = (e: React.KeyboardEvent) => {
    const index = hits.findIndex((h) => h.id === selected);
    const next = e.key === 'ArrowDown' ? Math.min(hits.length - 1, index + 1) : e.key === 'ArrowUp' ? Math.max(0, index - 1) : -1;
    if (next < 0 || !hits[next]) return;
    e.preventDefault();
    onSelect(hits[next].id);
    rows.scrollToIndex(next);
  };

  return (
    <div ref={scroller} className="scroller">
      {results.isError && <p role="alert" className="error">{results.error.message}</p>}
      <ul role="listbox" aria-label="Results" tabIndex={0} onKeyDown={onKey} style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {items.map((row) => {
          const hit = hits[row.index]!;
          return (
            <li
              key={hit.id}
              data-index={row.index}
              ref={rows.measureElement}
              role="option"
              aria-selected={hit.id === selected}
              aria-setsize={results.hasNextPage ? -1 : hits.length}
              aria-posinset={row.index + 1}
              onClick={() => onSelect(hit.id)}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
            >
              <span className="title">{hit.title}</span>
              <Snippet html={hit.snippet} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
