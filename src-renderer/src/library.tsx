import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { bridge, unwrap } from './bridge.js';
import { DocumentPane } from './document-pane.js';
import { DropZone } from './drop-zone.js';
import { QueuePanel } from './queue-panel.js';
import { ResultList } from './result-list.js';
import { SettingsPane } from './settings-pane.js';

type View = 'library' | 'trash';

export function Library() {
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const [view, setView] = useState<View>('library');
  const [selected, setSelected] = useState<string | undefined>();
  const [settings, setSettings] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const [empty, setEmpty] = useState(false);
  const lock = useMutation({ mutationFn: () => unwrap(bridge().vaultLock()), onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }) });
  const emptyTrash = useMutation({ mutationFn: () => unwrap(bridge().trashEmpty()) });

  // The tray's "Open" on a document.
  useEffect(() => bridge().on('documents:open', ({ id }) => setSelected(id)), []);

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
        <button aria-pressed={settings} onClick={() => setSettings(!settings)}>Settings</button>
        <button onClick={() => lock.mutate()}>Lock</button>
      </header>
      <div className="columns">
        <section aria-label={view === 'trash' ? 'Trash' : 'Documents'} className="list">
          {view === 'trash' && !empty && <button className="danger" onClick={() => emptyTrash.mutate()}>Empty trash</button>}
          {empty && (
            <div className="empty">
              {view === 'trash' ? <p>The trash is empty.</p> : query ? <p>No documents match “{query}”.</p> : (
                <>
                  <h2>Your vault is empty</h2>
                  <p>Drop scans, photos or PDFs anywhere in this window. Lockleaf reads them on this device and keeps them encrypted.</p>
                </>
              )}
            </div>
          )}
          <ResultList query={query} scope={view} selected={selected} onSelect={setSelected} onEmpty={setEmpty} />
        </section>
        {settings ? (
          <SettingsPane onClose={() => setSettings(false)} />
        ) : selected ? (
          <DocumentPane id={selected} onClose={() => setSelected(undefined)} />
        ) : (
          <QueuePanel />
        )}
      </div>
    </DropZone>
  );
}
