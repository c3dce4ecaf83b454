import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { FacetNames } from './facet-names.js';
import { formatBytes } from './sync-format.js';
import './document-pane.css';
import { MetadataForm } from './metadata-form.js';
import { SendForm } from './send-form.js';
import { formatDay, purgeDate, useRetentionDays } from './trash-row.js';

// pdf.js is large: loaded when a document is first opened, not at start. Opening the pane starts
// loading it and its worker, so "View document" finds them ready (the first page's wait was mostly this).
// Not React.lazy: React 19 holds a resolved Suspense boundary back up to 300 ms, most of the first page's wait.
const viewerModule = () => import('./viewer.js');

const EDITING = ['INPUT', 'TEXTAREA', 'SELECT'];

/**
 * One document: thumbnail, its text, and filing (details, tags), trash/restore.
 * Trashing goes through onTrash, so the library can offer Undo and move on to the next document.
 */
export function DocumentPane({ id, onClose, onTrash }: { id: string; onClose: () => void; onTrash: () => void }) {
  const { t } = useTranslation();
  const doc = useQuery({ queryKey: ['documents', 'one', id], queryFn: () => unwrap(bridge().documentsGet({ id })) });
  const thumb = useQuery({
    queryKey: ['documents', 'thumb', id],
    queryFn: () => unwrap(bridge().documentsThumbnail({ id })),
  });
  const days = useRetentionDays();
  const client = useQueryClient();
  const [viewer, setViewer] = useState<typeof import('./viewer.js') | undefined>();
  useEffect(
    () =>
      void viewerModule().then((m) => {
        setViewer(m);
        m.warmPdfWorker();
        void client.prefetchQuery(m.viewQuery(id));
      }),
    [client, id],
  );
  const [tag, setTag] = useState('');
  const [sending, setSending] = useState(false);
  const [viewing, setViewing] = useState(false);
  const download = useMutation({ mutationFn: () => unwrap(bridge().documentsDownload({ id })) });
  const pin = useMutation({ mutationFn: (pinned: boolean) => unwrap(bridge().documentsPin({ ids: [id], pinned })) });
  const addTag = useMutation({
    mutationFn: (name: string) => unwrap(bridge().documentsTag({ ids: [id], add: [name] })),
  });
  const removeTag = useMutation({
    mutationFn: (name: string) => unwrap(bridge().documentsTag({ ids: [id], remove: [name] })),
  });
  const restore = useMutation({
    mutationFn: () => unwrap(bridge().documentsRestore({ ids: [id] })),
    onSuccess: onClose,
  });
  if (doc.isPending) return <aside className="pane" aria-busy="true" />;
  if (doc.isError)
    return (
      <aside className="pane" role="alert">
        {doc.error.message}
      </aside>
    );
  const d = doc.data;
  const onTag = (e: FormEvent) => {
    e.preventDefault();
    if (tag.trim()) addTag.mutate(tag.trim());
    setTag('');
  };
  return (
    <aside
      className="pane"
      aria-label={t('doc.label', { title: d.title })}
      onKeyDown={(e) =>
        e.key === 'Delete' && !d.deletedAt && !EDITING.includes((e.target as HTMLElement).tagName) && onTrash()
      }
    >
      <div className="pane-head">
        <h2 tabIndex={-1}>{d.title}</h2>
        <button onClick={onClose} aria-label={t('doc.close')}>
          ×
        </button>
      </div>
      {thumb.data && <img className="thumb" src={thumb.data} alt={t('doc.firstPage', { title: d.title })} />}
      <details className="viewer" onToggle={(e) => setViewing(e.currentTarget.open)}>
        <summary>{t('doc.view')}</summary>
        {viewing &&
          (viewer ? <viewer.Viewer id={d.id} title={d.title} /> : <p className="hint">{t('common.opening')}</p>)}
      </details>
      <p className="meta">
        {t('doc.meta', {
          name: d.originalName,
          mime: d.mime,
          size: formatBytes(d.size),
          date: formatDay(new Date(d.addedAt)),
        })}
      </p>
      {d.deletedAt && days !== undefined && (
        <p className="hint">
          {t('doc.inTrash', { since: formatDay(new Date(d.deletedAt)), purge: formatDay(purgeDate(d, days)!) })}
        </p>
      )}
      <MetadataForm key={d.id} doc={d} readOnly={Boolean(d.deletedAt)} />
      <ul className="tags" aria-label={t('doc.tags')}>
        {d.tags.map((name) => (
          <li key={name}>
            {name}{' '}
            {!d.deletedAt && (
              <button aria-label={t('doc.removeTag', { tag: name })} onClick={() => removeTag.mutate(name)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!d.deletedAt && (
        <form onSubmit={onTag} className="inline">
          <FacetNames prefix="doc" />
          <label>
            {t('doc.addTag')} <input value={tag} list="doc-tags" onChange={(e) => setTag(e.target.value)} />
          </label>
          <button type="submit">{t('doc.add')}</button>
        </form>
      )}
      <div className="inline">
        {!d.deletedAt && (
          <button onClick={() => setSending(true)} aria-expanded={sending}>
            {t('doc.send')}
          </button>
        )}
        <button onClick={() => download.mutate()} disabled={download.isPending}>
          {t('doc.saveCopy')}
        </button>
        {!d.deletedAt && (
          <button aria-pressed={d.pinned} onClick={() => pin.mutate(!d.pinned)}>
            {d.pinned ? t('doc.unpin') : t('doc.pin')}
          </button>
        )}
        {d.deletedAt ? (
          <button onClick={() => restore.mutate()}>{t('doc.restore')}</button>
        ) : (
          <button className="danger" onClick={onTrash}>
            {t('doc.trash')}
          </button>
        )}
      </div>
      {download.data?.saved && (
        <p className="hint" role="status">
          {t('doc.savedCopy', { name: download.data.name })}
        </p>
      )}
      {download.isError && (
        <p className="error" role="alert">
          {download.error.message}
        </p>
      )}
      {sending && <SendForm key={d.id} doc={d} onDone={() => setSending(false)} />}
      <h3>{t('doc.text')}</h3>
      {d.pages.length === 0 && <p className="hint">{t('doc.noText')}</p>}
      {d.pages.map((p) => (
        <section key={p.pageNo} aria-label={t('doc.page', { n: p.pageNo })}>
          <h4>
            {t('doc.page', { n: p.pageNo })}
            {p.confidence !== null ? t('doc.ocr', { pct: (p.confidence * 100).toFixed(0) }) : ''}
          </h4>
          <pre className="page-text">{p.text}</pre>
        </section>
      ))}
    </aside>
  );
}
