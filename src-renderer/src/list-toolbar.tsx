import { useQuery } from '@tanstack/react-query';
import { searchSorts, type SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { SORT_LABELS } from './filters.js';

export type Layout = 'list' | 'grid';

/** "1 document", "1,234 documents" in the user's locale; "10,000+ documents" at a listing's limit. */
export function documentCount(n: number, limit = Infinity): string {
  const figure = new Intl.NumberFormat().format(n) + (n >= limit ? '+' : '');
  return n === 1 ? '1 document' : `${figure} documents`;
}

interface Props {
  query: string;
  scope: 'library' | 'trash';
  sort: SearchSort;
  onSort: (s: SearchSort) => void;
  layout: Layout;
  onLayout: (l: Layout) => void;
}

/** Above the list: how many documents it holds, the sort, and List or Grid. */
export function ListToolbar({ query, scope, sort, onSort, layout, onLayout }: Props) {
  const count = useQuery({
    queryKey: ['documents', 'count', scope, query],
    queryFn: () => unwrap(bridge().documentsCount({ query, scope })),
    placeholderData: (previous) => previous,
  });
  return (
    <div className="list-toolbar">
      <p className="result-count" role="status">
        {count.data !== undefined ? documentCount(count.data) : ''}
      </p>
      <label className="sort">
        <span>Sort</span>
        <select value={sort} onChange={(e) => onSort(e.target.value as SearchSort)}>
          {searchSorts.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <div role="group" aria-label="Show as" className="layout-toggle">
        <button aria-pressed={layout === 'list'} onClick={() => onLayout('list')}>
          List
        </button>
        <button aria-pressed={layout === 'grid'} onClick={() => onLayout('grid')}>
          Grid
        </button>
      </div>
    </div>
  );
}
