import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView, SearchHit, SearchSort } from '../../src-shared/documents.js';
import { useFacets } from './facet-names.js';
import { bridge, unwrap } from './bridge.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DocumentList } from './document-list.js';
import { DocumentPane } from './document-pane.js';
import { FullDocument } from './document-view-host.js';
import { DropZone } from './drop-zone.js';
import { DueView } from './due-view.js';
import { combinedQuery, NO_FILTERS, type Filters } from './filters.js';
import { InboxView, useInboxCount } from './inbox-view.js';
import { LibraryHeader } from './library-header.js';
import { useLibraryKeys } from './library-keys.js';
import { documentCount } from './list-toolbar.js';
import { QueuePanel } from './queue-panel.js';
import { SettingsScreen } from './settings-screen.js';
import { HomeView } from './home-view.js';
import { ShortcutsDialog } from './shortcuts-dialog.js';
import { Sidebar, type Place } from './sidebar.js';
import { Toast, type ToastMessage } from './toast.js';
import { TRASH_LIMIT, useTrash } from './trash-row.js';
import { useStoredState } from './use-stored-state.js';
import './library.css';

const count = documentCount;

export function Library() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  // Where the window opens: Home once there are documents, else the empty library that says how to add them.
  // Decided once, from the first count: the first drop must not move the user to Home.
  const [chosen, setScope] = useState<Place | undefined>();
  const start = useFacets();
  useEffect(() => {
    if (chosen === undefined && start.data) setScope(start.data.total > 0 ? 'home' : 'library');
  }, [chosen, start.data]);
  const scope: Place = chosen ?? 'home';
  const [selected, setSelected] = useState<string | undefined>();
  // The full-window document view (Enter or double-click on a row), drawn by document-view.tsx.
  const [full, setFull] = useState<string | undefined>();
  const [settings, setSettings] = useState(false);
  const [syncFocus, setSyncFocus] = useState(0);
  const [help, setHelp] = useState(false);
  const [importsOpen, setImportsOpen] = useState(true);
  const [collapsed, setCollapsed] = useStoredState('lockleaf.sidebar.collapsed', false);
  const [layout, setLayout] = useStoredState<'list' | 'grid'>('lockleaf.layout', 'list');
  const searchRef = useRef<HTMLInputElement>(null);
  const [empty, setEmpty] = useState(false);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<SearchSort>('relevance');
  const [view, setViewName] = useState<SavedView | undefined>();
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const fullQuery = combinedQuery(query, filters);
  const inboxCount = useInboxCount();
  const show = (next: Place) => {
    setScope(next);
    setChecked(new Set());
  };
  const onCheck = useCallback((ids: string[], value: boolean) => {
    setChecked((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (value) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const openView = (v: SavedView) => {
    setQuery(v.query);
    setFilters(NO_FILTERS);
    setSort(v.sort);
    setViewName(v);
    show('library');
  };
  const activeView = view && view.query === fullQuery && view.sort === sort ? view.name : undefined;
  const lock = useMutation({
    mutationFn: () => unwrap(bridge().vaultLock()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }),
  });
  const [toast, setToast] = useState<ToastMessage | undefined>();
  const toastId = useRef(0);
  const say = (text: string, action?: ToastMessage['action']) => setToast({ id: ++toastId.current, text, action });
  const listQuery = scope === 'library' ? fullQuery : query;
  // The document after the open one in the list as shown (or before it at the end), skipping those going away.
  const nextAfter = (gone: string[]): string | undefined => {
    const data = client.getQueryData<InfiniteData<SearchHit[]>>(['documents', scope, listQuery, sort]);
    const ids = data?.pages.flat().map((h) => h.id) ?? [];
    const at = selected ? ids.indexOf(selected) : -1;
    if (at < 0) return undefined;
    const stays = (id: string) => !gone.includes(id);
    return ids.slice(at + 1).find(stays) ?? ids.slice(0, at).reverse().find(stays);
  };
  const restore = useMutation({
    mutationFn: (ids: string[]) => unwrap(bridge().documentsRestore({ ids })),
    onSuccess: (_, ids) =>
      say(ids.length === 1 ? t('library.restored') : t('library.restoredN', { count: ids.length })),
    onError: (error) => say(error.message),
  });
  // Delete (the list or the pane) and Move to trash: the checked documents, or else the open one; Undo brings them back.
  const trash = useMutation({
    mutationFn: async (ids: string[]) => {
      if (ids.length > 0) await unwrap(bridge().documentsTrash({ ids }));
      return ids;
    },
    onSuccess: (ids) => {
      if (ids.length === 0) return;
      const open = selected;
      setChecked(new Set());
      if (open && ids.includes(open)) setSelected(nextAfter(ids));
      say(ids.length === 1 ? t('library.trashed') : t('library.trashedN', { count: ids.length }), {
        label: t('common.undo'),
        run: () => restore.mutate(ids, { onSuccess: () => open && ids.includes(open) && setSelected(open) }),
      });
    },
    onError: (error) => say(error.message),
  });
  const trashKey = () => trash.mutate(checked.size > 0 ? [...checked] : selected ? [selected] : []);
  const trashed = useTrash();
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const emptyTrash = useMutation({
    mutationFn: () => unwrap(bridge().trashEmpty()),
    onSettled: () => setConfirmEmpty(false),
    onSuccess: ({ purged }) => {
      setSelected(undefined);
      say(t('library.purged', { n: count(purged) }));
    },
    onError: (error) => say(error.message),
  });
  const inTrash = trashed.data?.length ?? 0;

  // The tray's "Open" on a document.
  useEffect(() => bridge().on('documents:open', ({ id }) => setSelected(id)), []);

  // Escape closes the nearest thing that is open (the imports drawer takes its own): the document, then the selection.
  useLibraryKeys({
    onSearch: () => searchRef.current?.focus(),
    onHelp: () => setHelp(true),
    onEscape: () => {
      if (full) {
        setFull(undefined);
      } else if (settings) {
        setSettings(false);
      } else if (selected && scope !== 'inbox') {
        setSelected(undefined);
        document.querySelector<HTMLElement>('[role="listbox"]')?.focus();
      } else if (checked.size > 0) {
        setChecked(new Set());
      }
    },
  });
  const openFull = (id: string) => {
    setSelected(id);
    setFull(id);
  };

  // The right-hand pane holds the open document, or nothing: the list then has the width.
  const side = selected ? (
    <DocumentPane id={selected} onClose={() => setSelected(undefined)} onTrash={() => trash.mutate([selected])} />
  ) : undefined;
  // Home's recent and due documents open in the library, beside the list.
  const openFromHome = (id: string) => {
    show('library');
    setSelected(id);
  };

  return (
    <DropZone
      onOpen={(id) => {
        // A duplicate's existing copy, from the drop message: opened beside the list.
        setSettings(false);
        if (scope === 'inbox' || scope === 'home') show('library');
        setSelected(id);
      }}
    >
      <LibraryHeader
        query={query}
        onQuery={(q) => {
          setQuery(q);
          // Searching from Home, the Inbox or Due soon shows the results (the trash searches itself).
          if (scope !== 'library' && scope !== 'trash') show('library');
        }}
        searchRef={searchRef}
        onSay={(text) => say(text)}
        settings={settings}
        onSettings={setSettings}
        onSync={() => {
          setSettings(true);
          setSyncFocus((n) => n + 1);
        }}
        onLock={() => lock.mutate()}
      />
      {settings ? (
        // Settings is a screen of its own below the header (settings-screen.tsx), not a side pane.
        <SettingsScreen onClose={() => setSettings(false)} syncFocus={syncFocus} />
      ) : (
        <div className="app-shell" data-sidebar={collapsed ? 'rail' : 'open'}>
          <Sidebar
            place={scope}
            onPlace={show}
            inboxCount={inboxCount}
            trashCount={inTrash}
            filters={filters}
            onFilters={setFilters}
            query={fullQuery}
            sort={sort}
            onView={openView}
            activeView={activeView}
            collapsed={collapsed}
            onCollapse={setCollapsed}
          />
          {chosen === undefined ? (
            <div className="columns" aria-busy="true" />
          ) : scope === 'home' ? (
            <HomeView onOpen={openFromHome} onInbox={() => show('inbox')} onDue={() => show('due')} />
          ) : scope === 'inbox' ? (
            <InboxView />
          ) : (
            <div className="columns" data-pane={side ? 'open' : 'none'}>
              {scope === 'due' ? (
                <DueView selected={selected} onOpen={setSelected} />
              ) : (
                <DocumentList
                  scope={scope}
                  query={listQuery}
                  filters={filters}
                  onFilters={setFilters}
                  sort={sort}
                  onSort={setSort}
                  layout={layout}
                  onLayout={setLayout}
                  selected={selected}
                  onSelect={setSelected}
                  onOpen={openFull}
                  checked={checked}
                  onCheck={onCheck}
                  onClearChecked={() => setChecked(new Set())}
                  onDelete={trashKey}
                  onRestore={(id) => restore.mutate([id])}
                  empty={empty}
                  onEmpty={setEmpty}
                  onEmptyTrash={() => setConfirmEmpty(true)}
                />
              )}
              {side}
            </div>
          )}
          <QueuePanel open={importsOpen} onOpen={setImportsOpen} />
        </div>
      )}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      {confirmEmpty && (
        <ConfirmDialog
          title={t('library.emptyTrashTitle')}
          confirm={t('library.emptyTrashConfirm', { n: count(inTrash, TRASH_LIMIT) })}
          busy={emptyTrash.isPending}
          onConfirm={() => emptyTrash.mutate()}
          onCancel={() => setConfirmEmpty(false)}
        >
          <p>{t('library.emptyTrashText', { n: count(inTrash, TRASH_LIMIT) })}</p>
        </ConfirmDialog>
      )}
      {full && (
        <FullDocument
          id={full}
          listKey={['documents', scope, listQuery, sort]}
          query={fullQuery}
          onOpen={(id) => (setSelected(id), setFull(id))}
          onClose={() => setFull(undefined)}
        />
      )}
      <Toast toast={toast} onClose={() => setToast(undefined)} />
    </DropZone>
  );
}
