import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { searchSorts, type SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { locale, t } from './i18n/index.js';

export type Layout = 'list' | 'grid';

/** "1 document", "1,234 documents" in the user's locale; "10,000+ documents" at a listing's limit. */
export function documentCount(n: number, limit = Infinity): string {
  const figure = new Intl.NumberFormat(locale()).format(n) + (n >= limit ? '+' : '');
  return t('library.count', { count: n, figure });
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
  const { t } = useTranslation();
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
        <span>{t('library.sort')}</span>
        <select value={sort} onChange={(e) => onSort(e.target.value as SearchSort)}>
          {searchSorts.map((s) => (
            <option key={s} value={s}>
              {t(`library.sorts.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <div role="group" aria-label={t('library.showAs')} className="layout-toggle">
        <button aria-pressed={layout === 'list'} onClick={() => onLayout('list')}>
          {t('library.list')}
        </button>
        <button aria-pressed={layout === 'grid'} onClick={() => onLayout('grid')}>
          {t('library.grid')}
        </button>
      </div>
    </div>
  );
}
