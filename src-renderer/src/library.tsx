import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedView, SearchHit, SearchSort } from '../../src-shared/documents.js';
import { AddDocuments } from './add-documents.js';
import { bridge, unwrap } from './bridge.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DocumentPane } from './document-pane.js';
import { BulkBar } from './bulk-bar.js';
import { DropZone } from './drop-zone.js';
import { DueView } from './due-view.js';
import { FilterBar } from './filter-bar.js';
import { combinedQuery, NO_FILTERS, type Filters } from './filters.js';
import { InboxView, useInboxCount } from './inbox-view.js';
import { QueuePanel } from './queue-panel.js';
import { ResultList } from './result-list.js';
import { SettingsPane } from './settings-pane.js';
import { SyncIndicator } from './sync-indicator.js';
import { Toast, type ToastMessage } from './toast.js';
import { TRASH_LIMIT, TrashRowInfo, useTrash } from './trash-row.js';

type View = 'library' | 'trash' | 'inbox' | 'due';

/** "1 document", "1,234 documents" in the user's locale; "10,000+ documents" at a listing's limit. */
function count(n: number, limit = Infinity): string {
  const figure = new Intl.NumberFormat().format(n) + (n >= limit ? '+' : '');
  return n === 1 ? '1 document' : `${figure} documents`;
}

export function Library() {
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<View>('library');
  const [selected, setSelected] = useState<string | undefined>();
  const [settings, setSettings] = useState(false);
  const [syncFocus, setSyncFocus] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const [empty, setEmpty] = useState(false);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<SearchSort>('relevance');
  const [view, setViewName] = useState<SavedView | undefined>();
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const fullQuery = combinedQuery(query, filters);
  const inboxCount = useInboxCount();
  const show = (next: View) => {
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
    onSuccess: (_, ids) => say(ids.length === 1 ? 'Restored' : `Restored ${ids.length}`),
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
      say(ids.length === 1 ? 'Moved to trash' : `Moved ${ids.length} to trash`, {
        label: 'Undo',
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
      say(`${count(purged)} deleted for good`);
    },
    onError: (error) => say(error.message),
  });
  const inTrash = trashed.data?.length ?? 0;

  // The tray's "Open" on a document.
  useEffect(() => bridge().on('documents:open', ({ id }) => setSelected(id)), []);

  useEffect(() => {
    // Keyboard first: "/" or Ctrl/Cmd+K focuses search.
    const onKey = (e: KeyboardEvent) => {
      const typing =
        (e.target as HTMLElement)?.tagName === 'INPUT' || (e.target as HTMLElement)?.tagName === 'TEXTAREA';
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const settingsPane = settings ? <SettingsPane onClose={() => setSettings(false)} syncFocus={syncFocus} /> : undefined;
  const side =
    settingsPane ??
    (selected ? (
      <DocumentPane id={selected} onClose={() => setSelected(undefined)} onTrash={() => trash.mutate([selected])} />
    ) : (
      <QueuePanel />
    ));

  return (
    <DropZone
      onOpen={(id) => {
        // A duplicate's existing copy, from the drop message: opened beside the list.
        setSettings(false);
        if (scope === 'inbox') show('library');
        setSelected(id);
      }}
    >
      <header className="bar">
        <strong className="brand">Lockleaf</strong>
        <label className="search">
          <span className="visually-hidden">Search documents</span>
          <input
            ref={searchRef}
            type="search"
            placeholder='Search (/ or Ctrl+K) — words, "phrases", -not, tag:, type:, after:'
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <nav aria-label="Views">
          <button aria-pressed={scope === 'library'} onClick={() => show('library')}>
            Library
          </button>
          <button aria-pressed={scope === 'inbox'} onClick={() => show('inbox')}>
            Inbox
            {inboxCount ? (
              <span className="badge">
                {inboxCount}
                <span className="visually-hidden"> to review</span>
              </span>
            ) : null}
          </button>
          <button aria-pressed={scope === 'due'} onClick={() => show('due')}>
            Due soon
          </button>
          <button aria-pressed={scope === 'trash'} onClick={() => show('trash')}>
            Trash
          </button>
        </nav>
        <AddDocuments onResult={(summary) => say(summary)} />
        <SyncIndicator
          onOpen={() => {
            setSettings(true);
            setSyncFocus((n) => n + 1);
          }}
        />
        <button aria-pressed={settings} onClick={() => setSettings(!settings)}>
          Settings
        </button>
        <button onClick={() => lock.mutate()}>Lock</button>
      </header>
      {scope === 'inbox' ? (
        <InboxView side={settingsPane} />
      ) : scope === 'due' ? (
        <div className="columns">
          <DueView selected={selected} onOpen={setSelected} />
          {side}
        </div>
      ) : (
        <div className="columns">
          <section aria-label={scope === 'trash' ? 'Trash' : 'Documents'} className="list">
            {scope === 'library' && (
              <FilterBar
                filters={filters}
                onFilters={setFilters}
                sort={sort}
                onSort={setSort}
                query={fullQuery}
                onView={openView}
                activeView={activeView}
              />
            )}
            <BulkBar ids={[...checked]} scope={scope} onDone={() => setChecked(new Set())} />
            {scope === 'trash' && !empty && (
              <button className="danger" onClick={() => setConfirmEmpty(true)}>
                Empty trash…
              </button>
            )}
            {confirmEmpty && (
              <ConfirmDialog
                title="Empty the trash?"
                confirm={`Delete ${count(inTrash, TRASH_LIMIT)} for good`}
                busy={emptyTrash.isPending}
                onConfirm={() => emptyTrash.mutate()}
                onCancel={() => setConfirmEmpty(false)}
              >
                <p>
                  {count(inTrash, TRASH_LIMIT)} in the trash will be deleted from this device for good, their encrypted
                  files too. This cannot be undone.
                </p>
              </ConfirmDialog>
            )}
            {empty && (
              <div className="empty">
                {scope === 'trash' ? (
                  <p>The trash is empty.</p>
                ) : fullQuery ? (
                  <p>No documents match “{fullQuery}”.</p>
                ) : (
                  <>
                    <h2>Your vault is empty</h2>
                    <p>
                      Drop scans, photos or PDFs anywhere in this window. Lockleaf reads them on this device and keeps
                      them encrypted.
                    </p>
                  </>
                )}
              </div>
            )}
            <ResultList
              query={scope === 'library' ? fullQuery : query}
              sort={sort}
              scope={scope}
              selected={selected}
              onSelect={setSelected}
              onEmpty={setEmpty}
              checked={checked}
              onCheck={onCheck}
              onDelete={trashKey}
              rowExtra={
                scope === 'trash'
                  ? (hit) => <TrashRowInfo id={hit.id} onRestore={(id) => restore.mutate([id])} />
                  : undefined
              }
            />
          </section>
          {side}
        </div>
      )}
      <Toast toast={toast} onClose={() => setToast(undefined)} />
    </DropZone>
  );
}
