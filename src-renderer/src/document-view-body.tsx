/**
 * The document itself in the full-window view: the toolbar (page "3 of 50", zoom, fit, rotate, find), the page
 * thumbnails and the pages, with their keys (+ − 0, PgUp/PgDn, Ctrl+F). One per document: keyed by its id.
 */
import { useQuery } from '@tanstack/react-query';
import * as pdfjs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserImageTypes } from '../../src-shared/documents.js';
import { stepZoom, type Zoom } from './document-view-fit.js';
import { FindBar, useFindMatches } from './document-view-find.js';
import { ImageView } from './document-view-image.js';
import { queryWords } from './document-view-marks.js';
import { PdfView } from './document-view-pdf.js';
import { Thumbnails } from './document-view-thumbs.js';
import { useLocale } from './i18n/index.js';
import { pdfWorker, viewQuery } from './viewer.js';

const EDITING = ['INPUT', 'TEXTAREA', 'SELECT'];

function usePdf(url: string | undefined): { doc?: PDFDocumentProxy; error?: string } {
  const [state, setState] = useState<{ doc?: PDFDocumentProxy; error?: string }>({});
  useEffect(() => {
    if (!url) return;
    const task = pdfjs.getDocument({ url, isEvalSupported: false, disableAutoFetch: true, worker: pdfWorker() });
    task.promise.then(
      (doc) => setState({ doc }),
      (e: Error) => setState({ error: e.message }),
    );
    return () => void task.destroy();
  }, [url]);
  return state;
}

export function DocumentBody({ id, title, query }: { id: string; title: string; query: string }) {
  const { t } = useTranslation();
  const percent = new Intl.NumberFormat(useLocale(), { style: 'percent' });
  const view = useQuery(viewQuery(id));
  const isPdf = view.data?.mime === 'application/pdf';
  // The first address only: a refetched one (any change to the document refreshes the cache) would reload the
  // PDF under the pages being drawn. The whole file comes in one response, so nothing is fetched after.
  const firstUrl = useRef<string | undefined>(undefined);
  if (isPdf) firstUrl.current ??= view.data?.url;
  const pdf = usePdf(firstUrl.current);
  const doc = pdf.doc;
  const [zoom, setZoom] = useState<Zoom>({ fit: 'width' });
  const [scale, setScale] = useState(0);
  const [firstDrawn, setFirstDrawn] = useState(false);
  const onFirstDrawn = useCallback(() => setFirstDrawn(true), []);
  const [rotation, setRotation] = useState(0);
  const [page, setPage] = useState(1);
  const [pageField, setPageField] = useState('1');
  const [target, setTarget] = useState<{ page: number; seq: number } | undefined>();
  const [finding, setFinding] = useState(false);
  const [term, setTerm] = useState('');
  const [at, setAt] = useState(0);
  const matches = useFindMatches(doc, finding ? term : '');
  const current = matches?.[Math.min(at, (matches?.length ?? 1) - 1)];
  const words = useMemo(() => queryWords(query), [query]);
  const pages = doc?.numPages ?? 1;

  const go = useCallback(
    (n: number) => setTarget((old) => ({ page: Math.min(pages, Math.max(1, n)), seq: (old?.seq ?? 0) + 1 })),
    [pages],
  );
  const onPage = useCallback((n: number) => {
    setPage(n);
    setPageField(String(n));
  }, []);
  useEffect(() => void setAt(0), [term]);
  useEffect(() => void (current && go(current.page)), [current, go]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        setFinding(true);
        document.querySelector<HTMLInputElement>('.dv-find input')?.focus();
        return;
      }
      if (e.key === 'Escape' && finding && (e.target as HTMLElement).closest?.('.dv-find')) {
        e.preventDefault();
        e.stopImmediatePropagation();
        setFinding(false);
        return;
      }
      if (EDITING.includes((e.target as HTMLElement).tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
      const act: Record<string, () => void> = {
        '+': () => setZoom(stepZoom(scale, 1)),
        '=': () => setZoom(stepZoom(scale, 1)),
        '-': () => setZoom(stepZoom(scale, -1)),
        '0': () => setZoom({ fit: 'width' }),
        PageDown: () => go(page + 1),
        PageUp: () => go(page - 1),
      };
      const run = act[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    // Capture: Escape in the find bar closes only the find bar, before the view's own Escape sees it.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [scale, page, go, finding]);

  const content = view.isError ? (
    <p className="error" role="alert">
      {view.error.message}
    </p>
  ) : !view.data || (isPdf && !doc && !pdf.error) ? (
    <p className="hint" aria-busy="true">
      {t('docView.opening')}
    </p>
  ) : pdf.error ? (
    <p className="error" role="alert">
      {t('docView.cannotShow', { message: pdf.error })}
    </p>
  ) : doc ? (
    <>
      <Thumbnails doc={doc} current={page} ready={firstDrawn} onGo={go} />
      <PdfView
        doc={doc}
        title={title}
        zoom={zoom}
        rotation={rotation}
        target={target}
        onPage={onPage}
        onScale={setScale}
        words={words}
        find={finding ? term : ''}
        current={current}
        onFirstDrawn={onFirstDrawn}
      />
    </>
  ) : browserImageTypes.includes(view.data.mime) ? (
    <ImageView url={view.data.url} title={title} zoom={zoom} rotation={rotation} onScale={setScale} />
  ) : (
    <p className="hint">{t('docView.notShown', { mime: view.data.mime })}</p>
  );

  return (
    <div className="dv-body">
      <div className="dv-tools" role="toolbar" aria-label={t('docView.tools')}>
        {doc && (
          <form
            className="dv-pageno"
            onSubmit={(e) => {
              e.preventDefault();
              go(Number(pageField) || page);
            }}
          >
            <label>
              {t('docView.page')}{' '}
              <input
                type="number"
                min={1}
                max={pages}
                value={pageField}
                onChange={(e) => setPageField(e.target.value)}
                onBlur={() => setPageField(String(page))}
              />
            </label>{' '}
            <span>{t('docView.pageOf', { count: pages })}</span>
          </form>
        )}
        <button onClick={() => setZoom(stepZoom(scale, -1))} aria-label={t('docView.zoomOut')} aria-keyshortcuts="-">
          −
        </button>
        <output className="dv-zoom" aria-label={t('docView.zoom')}>
          {scale > 0 ? percent.format(scale) : ''}
        </output>
        <button onClick={() => setZoom(stepZoom(scale, 1))} aria-label={t('docView.zoomIn')} aria-keyshortcuts="+">
          +
        </button>
        <button
          aria-pressed={'fit' in zoom && zoom.fit === 'width'}
          onClick={() => setZoom({ fit: 'width' })}
          aria-keyshortcuts="0"
        >
          {t('docView.fitWidth')}
        </button>
        <button aria-pressed={'fit' in zoom && zoom.fit === 'page'} onClick={() => setZoom({ fit: 'page' })}>
          {t('docView.fitPage')}
        </button>
        <button onClick={() => setRotation((r) => (r + 90) % 360)} title={t('docView.rotateHint')}>
          {t('docView.rotate')}
        </button>
        {doc && (
          <button aria-expanded={finding} onClick={() => setFinding(!finding)} aria-keyshortcuts="Control+F">
            {t('docView.find')}
          </button>
        )}
        {finding && doc && (
          <FindBar
            term={term}
            onTerm={setTerm}
            matches={matches}
            at={at}
            onAt={setAt}
            onClose={() => setFinding(false)}
          />
        )}
      </div>
      <div className="dv-content">{content}</div>
    </div>
  );
}
