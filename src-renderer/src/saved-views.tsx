import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView, SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';

interface Props {
  /** The full query (words + filters) a saved view stores, and the sort. */
  query: string;
  sort: SearchSort;
  onView: (view: SavedView) => void;
  /** The saved view on screen, if the list still shows exactly it. */
  activeView: string | undefined;
}

/** Saved views: open one (marked while it is on screen), save the current search, delete one. */
export function SavedViews({ query, sort, onView, activeView }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const views = useQuery({ queryKey: ['views'], queryFn: () => unwrap(bridge().viewsList()) });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => unwrap(bridge().viewsSave({ name: name.trim(), query, sort })),
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
  return (
    <>
      {views.data?.length ? (
        <ul className="side-list" aria-label={t('sidebar.views')}>
          {views.data.map((v) => (
            <li key={v.name} className="side-view">
              <button
                className="side-entry"
                aria-current={v.name === activeView ? 'true' : undefined}
                onClick={() => onView(v)}
                title={v.query}
              >
                <span className="side-name">{v.name}</span>
              </button>
              <button
                className="side-x"
                aria-label={t('sidebar.deleteView', { name: v.name })}
                onClick={() => remove.mutate(v.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="side-none">{t('sidebar.none')}</p>
      )}
      {naming ? (
        <form
          className="side-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <label>
            {t('sidebar.viewName')}
            <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <span className="side-form-actions">
            <button type="submit">{t('common.save')}</button>
            <button type="button" onClick={() => setNaming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        </form>
      ) : (
        <button className="side-more" onClick={() => setNaming(true)} disabled={!query}>
          {t('sidebar.saveView')}
        </button>
      )}
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
    </>
  );
}
