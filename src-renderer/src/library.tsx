import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { bridge, unwrap } from './bridge.js';
import { DocumentPane } from './document-pane.js';
import { DropZone } from './drop-zone.js';
import { QueuePanel } from './queue-panel.js';
import { Snippet } from './snippet.js';

type View = 'library' | 'trash';

export function Library() {
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const [view, setView] = useState<View>('library');
  const [selected, setSelected] = useState<string | undefined>();
  const searchRef = useRef<HTMLInputElement>(null);
  const results = useQuery({
    queryKey: ['documents', view, query],
    queryFn: () => unwrap(bridge().documentsSearch({ query, scope: view, limit: 200 })),
    placeholderData: (previous) => previous,
  });
  const lock = useMutation({ mutationFn: () => unwrap(bridge().vaultLock()), onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }) });
  const empty = useMutation({ mutationFn: () => unwrap(bridge().trashEmpty()) });

  useEffect(() => {
    // Keyboard first: "/" or Ctrl/Cmd+K focuses search.
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement)?.tagName === 'INPUT' || (e.target as HTMLElement)?.tagName === 'TEXTAREA';
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const hits = results.data ?? [];
  const onListKey = (e: React.KeyboardEvent) => {
    const index = hits.findIndex((h) => h.id === selected);
    if (e.key === 'ArrowDown') setSelected(hits[Math.min(hits.length - 1, index + 1)]?.id);
    else if (e.key === 'ArrowUp') setSelected(hits[Math.max(0, index - 1)]?.id);
    else return;
    e.preventDefault();
  };

  return (
    <DropZone>
      <header className="bar">
        <strong className="brand">Lockleaf</strong>
        <label className="search">
          <span className="visually-hidden">Search documents</span>
          <input ref={searchRef} type="search" placeholder="Search (/ or Ctrl+K) — words, &quot;phrases&quot;, -not, tag:, type:, after:" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <nav aria-label="Views">
          <button aria-pressed={view === 'library'} onClick={() => setView('library')}>Library</button>
          <button aria-pressed={view === 'trash'} onClick={() => setView('trash')}>Trash</button>
        </nav>
        <button onClick={() => lock.mutate()}>Lock</button>
      </header>
      <div className="columns">
        <section aria-label={view === 'trash' ? 'Trash' : 'Documents'} className="list">
          {view === 'trash' && hits.length > 0 && <button className="danger" onClick={() => empty.mutate()}>Empty trash</button>}
          {results.isError && <p role="alert" className="error">{results.error.message}</p>}
          {hits.length === 0 && !results.isPending && (
            <div className="empty">
              {view === 'trash' ? <p>The trash is empty.</p> : query ? <p>No documents match “{query}”.</p> : (
                <>
                  <h2>Your vault is empty</h2>
                  <p>Drop scans, photos or PDFs anywhere in this window. Lockleaf reads them on this device and keeps them encrypted.</p>
                </>
              )}
            </div>
          )}
          <ul role="listbox" aria-label="Results" tabIndex={0} onKeyDown={onListKey}>
            {hits.map((hit) => (
              <li key={hit.id} role="option" aria-selected={hit.id === selected} onClick={() => setSelected(hit.id)}>
                <span className="title">{hit.title}</span>
                <Snippet html={hit.snippet} />
              </li>
            ))}
          </ul>
        </section>
        {selected ? <DocumentPane id={selected} onClose={() => setSelected(undefined)} /> : <QueuePanel />}
      </div>
    </DropZone>
  );
}
