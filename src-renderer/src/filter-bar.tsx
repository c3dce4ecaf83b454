import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { searchSorts, type SavedView, type SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { NO_FILTERS, SORT_LABELS, type Filters } from './filters.js';

interface Props {
  filters: Filters;
  onFilters: (f: Filters) => void;
  sort: SearchSort;
  onSort: (s: SearchSort) => void;
  /** The full query (words + filters) a saved view stores. */
  query: string;
  onView: (view: SavedView) => void;
  /** The saved view on screen, if the query is still exactly it. */
  activeView: string | undefined;
}

/** Filters (type, correspondent, tag, dates), sort, and saved views. */
export function FilterBar({ filters, onFilters, sort, onSort, query, onView, activeView }: Props) {
  const client = useQueryClient();
  const facets = useQuery({ queryKey: ['documents', 'facets'], queryFn: () => unwrap(bridge().documentsFacets()) });
  const views = useQuery({ queryKey: ['views'], queryFn: () => unwrap(bridge().viewsList()) });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => unwrap(bridge().viewsSave({ name, query, sort })),
    onSuccess: (all) => {
      client.setQueryData(['views'], all);
      setNaming(false);
      setName('');
    },
  });
  const remove = useMutation({
    mutationFn: (n: string) => unwrap(bridge().viewsRemove({ name: n })),
    onSuccess: (all) => client.setQueryData(['views'], all),
  });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    onFilters({ ...filters, [key]: e.target.value });
  const select = (
    key: 'type' | 'correspondent' | 'tag',
    label: string,
    options: { name: string; count: number }[] = [],
  ) => (
    <label>
      {label}
      <select value={filters[key]} onChange={set(key)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );
  const active = Object.values(filters).some(Boolean);
  return (
    <div className="filters" role="group" aria-label="Filters">
      {select('type', 'Type', facets.data?.types)}
      {select('correspondent', 'Correspondent', facets.data?.correspondents)}
      {select('tag', 'Tag', facets.data?.tags)}
      <label>
        From <input type="date" value={filters.from} onChange={set('from')} />
      </label>
      <label>
        To <input type="date" value={filters.to} onChange={set('to')} />
      </label>
      <label>
        Sort
        <select value={sort} onChange={(e) => onSort(e.target.value as SearchSort)}>
          {searchSorts.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {active && <button onClick={() => onFilters(NO_FILTERS)}>Clear filters</button>}
      <label>
        Saved views
        <select
          value=""
          onChange={(e) => {
            const v = views.data?.find((x) => x.name === e.target.value);
            if (v) onView(v);
          }}
        >
          <option value="">{views.data?.length ? 'Open a view…' : 'None yet'}</option>
          {views.data?.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <label>
            View name <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit">Save</button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button onClick={() => setNaming(true)} disabled={!query}>
          Save view
        </button>
      )}
      {activeView && views.data?.some((v) => v.name === activeView) && (
        <button onClick={() => remove.mutate(activeView)}>Delete view “{activeView}”</button>
      )}
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
    </div>
  );
}
