/**
 * The full-window document view (issue 16): opened from the list (Enter or double-click), it covers the window
 * with the document large, and beside it details, notes and history. Escape goes back to the list as it was:
 * the list stays mounted underneath (inert meanwhile), so its scroll position and selection are untouched, and
 * focus returns to where it was. Previous/next document follow the list's order ([ and ], or Alt+←/→).
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { DocumentBody } from './document-view-body.js';
import { DocumentSide } from './document-view-side.js';
import { warmPdfWorker } from './viewer.js';
import './document-view.css';

export interface DocumentViewProps {
  id: string;
  /** The list's documents in its order, for previous and next. */
  ids: readonly string[];
  /** The search as typed: its words are marked on the pages. */
  query: string;
  /** Another document of the list (previous/next). */
  onOpen: (id: string) => void;
  onClose: () => void;
}

const EDITING = ['INPUT', 'TEXTAREA', 'SELECT'];

export function DocumentView({ id, ids, query, onOpen, onClose }: DocumentViewProps) {
  const { t } = useTranslation();
  const [side, setSide] = useState(true);
  const heading = useRef<HTMLHeadingElement>(null);
  const doc = useQuery({ queryKey: ['documents', 'one', id], queryFn: () => unwrap(bridge().documentsGet({ id })) });
  const at = ids.indexOf(id);
  const previous = at > 0 ? ids[at - 1] : undefined;
  const next = at >= 0 && at < ids.length - 1 ? ids[at + 1] : undefined;

  // The rest of the window is inert while the view covers it; focus goes back where it was on closing.
  useLayoutEffect(() => {
    warmPdfWorker();
    const root = document.getElementById('root');
    const before = document.activeElement as HTMLElement | null;
    if (root) root.inert = true;
    heading.current?.focus();
    return () => {
      if (root) root.inert = false;
      before?.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = EDITING.includes((e.target as HTMLElement).tagName);
      // A dialog over the view (the shortcuts, a confirmation) takes its own Escape.
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        // In a field, Escape only leaves it: its blur saves what was typed (a date is read on blur), which
        // closing the view at once would lose. The next Escape closes the view.
        if (typing) (e.target as HTMLElement).blur();
        else onClose();
        return;
      }
      // Alt+arrows move between documents, but not while typing (there they move by word on macOS).
      const back = !typing && ((e.altKey && e.key === 'ArrowLeft') || (!e.altKey && e.key === '['));
      const forward = !typing && ((e.altKey && e.key === 'ArrowRight') || (!e.altKey && e.key === ']'));
      if (back || forward) {
        e.preventDefault();
        const to = back ? previous : next;
        if (to) onOpen(to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [previous, next, onOpen, onClose]);

  const title = doc.data?.title ?? '';
  return createPortal(
    <div className="document-view" role="dialog" aria-modal="true" aria-labelledby="dv-title">
      <header className="dv-head">
        <button onClick={onClose} aria-keyshortcuts="Escape">
          ← {t('docView.back')}
        </button>
        <h2 id="dv-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <span className="dv-position">
          {at >= 0 && ids.length > 1 ? t('docView.position', { current: at + 1, total: ids.length }) : ''}
        </span>
        <button
          onClick={() => previous && onOpen(previous)}
          disabled={!previous}
          aria-keyshortcuts="["
          title={t('docView.previousHint')}
        >
          {t('docView.previous')}
        </button>
        <button
          onClick={() => next && onOpen(next)}
          disabled={!next}
          aria-keyshortcuts="]"
          title={t('docView.nextHint')}
        >
          {t('docView.next')}
        </button>
        <button aria-expanded={side} aria-controls="dv-side" onClick={() => setSide(!side)}>
          {t('docView.showDetails')}
        </button>
      </header>
      <div className={side ? 'dv-main with-side' : 'dv-main'}>
        <DocumentBody key={id} id={id} title={title} query={query} />
        <div id="dv-side" hidden={!side}>
          {side && <DocumentSide id={id} />}
        </div>
      </div>
    </div>,
    document.body,
  );
}
