import { useTranslation } from 'react-i18next';
import type { SearchHit, SearchSort } from '../../src-shared/documents.js';
import { BulkBar } from './bulk-bar.js';
import { FilterChips } from './filter-chips.js';
import type { Filters } from './filters.js';
import { ListToolbar, type Layout } from './list-toolbar.js';
import { ResultList } from './result-list.js';
import { TrashRowInfo } from './trash-row.js';

interface Props {
  scope: 'library' | 'trash';
  /** What the list shows: the words and, in the library, the filters. */
  query: string;
  filters: Filters;
  onFilters: (f: Filters) => void;
  sort: SearchSort;
  onSort: (s: SearchSort) => void;
  layout: Layout;
  onLayout: (l: Layout) => void;
  selected: string | undefined;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  checked: ReadonlySet<string>;
  onCheck: (ids: string[], value: boolean) => void;
  onClearChecked: () => void;
  onDelete: () => void;
  onRestore: (id: string) => void;
  empty: boolean;
  onEmpty: (empty: boolean) => void;
  onEmptyTrash: () => void;
}

/** The library's or the trash's documents: count, sort and layout, the filters in force, the list, the bulk bar. */
export function DocumentList(props: Props) {
  const { scope, query, empty } = props;
  const { t } = useTranslation();
  return (
    <section aria-label={scope === 'trash' ? t('library.trash') : t('library.documents')} className="list" id="results">
      {scope === 'trash' && <h2 className="view-title">{t('library.trash')}</h2>}
      <ListToolbar
        query={query}
        scope={scope}
        sort={props.sort}
        onSort={props.onSort}
        layout={props.layout}
        onLayout={props.onLayout}
      />
      {scope === 'library' && <FilterChips filters={props.filters} onFilters={props.onFilters} />}
      <BulkBar ids={[...props.checked]} scope={scope} onDone={props.onClearChecked} />
      {scope === 'trash' && !empty && (
        <button className="danger empty-trash" onClick={props.onEmptyTrash}>
          {t('library.emptyTrash')}
        </button>
      )}
      {empty && (
        <div className="empty">
          {scope === 'trash' ? (
            <p>{t('library.trashEmpty')}</p>
          ) : query ? (
            <p>{t('library.noMatch', { query })}</p>
          ) : (
            <>
              <h2>{t('library.emptyTitle')}</h2>
              <p>{t('library.emptyText')}</p>
            </>
          )}
        </div>
      )}
      <ResultList
        query={query}
        sort={props.sort}
        scope={scope}
        layout={props.layout}
        selected={props.selected}
        onSelect={props.onSelect}
        onOpen={props.onOpen}
        onEmpty={props.onEmpty}
        checked={props.checked}
        onCheck={props.onCheck}
        onDelete={props.onDelete}
        rowExtra={
          scope === 'trash' ? (hit: SearchHit) => <TrashRowInfo id={hit.id} onRestore={props.onRestore} /> : undefined
        }
      />
    </section>
  );
}
