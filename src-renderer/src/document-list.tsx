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
  return (
    <section aria-label={scope === 'trash' ? 'Trash' : 'Documents'} className="list" id="results">
      {scope === 'trash' && <h2 className="view-title">Trash</h2>}
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
          Empty trash…
        </button>
      )}
      {empty && (
        <div className="empty">
          {scope === 'trash' ? (
            <p>The trash is empty.</p>
          ) : query ? (
            <p>No documents match “{query}”.</p>
          ) : (
            <>
              <h2>Your vault is empty</h2>
              <p>
                Drop scans, photos or PDFs anywhere in this window. Lockleaf reads them on this device and keeps them
                encrypted.
              </p>
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
