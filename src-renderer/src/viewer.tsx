/**
 * The document itself: PDFs drawn page by page with pdf.js (no eval, its
 * worker from our own origin), images as images. Bytes come from `/doc/<token>`
 * on the app's origin; the token was issued for this document and expires.
 */
import { useQuery } from '@tanstack/react-query';
import * as pdfjs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserImageTypes } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

const PAGE_STEP = 3;

let sharedWorker: pdfjs.PDFWorker | undefined;
/**
 * One pdf.js worker for every document, started ahead (warmPdfWorker) rather than on "View
 * document": loading and parsing its ~1 MB script was most of the wait for a first page.
 */
export function pdfWorker(): pdfjs.PDFWorker {
  sharedWorker ??= new pdfjs.PDFWorker();
  return sharedWorker;
}

/** Starts the pdf.js worker while the user is still looking at the details (the document pane calls it). */
export function warmPdfWorker(): void {
  void pdfWorker().promise.catch(() => undefined);
}

function PdfPage({
  doc,
  pageNo,
  title,
  onDrawn,
}: {
  doc: PDFDocumentProxy;
  pageNo: number;
  title: string;
  onDrawn?: () => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    void doc.getPage(pageNo).then((page) => {
      if (cancelled || !canvas.current) return;
      const width = canvas.current.parentElement?.clientWidth ?? 600;
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width / base.width) * (window.devicePixelRatio || 1) });
      canvas.current.width = Math.floor(viewport.width);
      canvas.current.height = Math.floor(viewport.height);
      task = page.render({ canvas: canvas.current, viewport });
      task.promise.then(
        () => onDrawn?.(),
        (e: Error) => {
          if (e.name !== 'RenderingCancelledException') setFailed(e.message);
          onDrawn?.();
        },
      );
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, pageNo, onDrawn]);
  if (failed) return <p className="error">{t('docView.pageFailed', { page: pageNo, message: failed })}</p>;
  return (
    <canvas ref={canvas} className="pdf-page" role="img" aria-label={t('docView.pageImage', { title, page: pageNo })} />
  );
}

function PdfPages({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [shown, setShown] = useState(PAGE_STEP);
  // The first page is drawn alone; the next ones start once it is on screen instead of competing with it.
  const [firstDrawn, setFirstDrawn] = useState(false);
  const onFirstDrawn = useCallback(() => setFirstDrawn(true), []);
  useEffect(() => {
    const task = pdfjs.getDocument({ url, isEvalSupported: false, disableAutoFetch: true, worker: pdfWorker() });
    task.promise.then(setDoc, (e: Error) => setError(e.message));
    return () => void task.destroy();
  }, [url]);
  if (error)
    return (
      <p className="error" role="alert">
        {t('docView.cannotShow', { message: error })}
      </p>
    );
  if (!doc)
    return (
      <p className="hint" aria-busy="true">
        {t('common.opening')}
      </p>
    );
  const count = firstDrawn ? Math.min(shown, doc.numPages) : 1;
  return (
    <div className="pdf" aria-label={t('doc.pdfLabel', { title, count: doc.numPages })}>
      {Array.from({ length: count }, (_, i) => (
        <PdfPage key={i + 1} doc={doc} pageNo={i + 1} title={title} {...(i === 0 ? { onDrawn: onFirstDrawn } : {})} />
      ))}
      {firstDrawn && doc.numPages > count && (
        <button onClick={() => setShown(shown + PAGE_STEP)}>
          {t('doc.showMore', { count: doc.numPages - count })}
        </button>
      )}
    </div>
  );
}

/** The document's view address: tokens live 15 minutes; asking again after 10 keeps an open view working. */
export const viewQuery = (id: string) => ({
  queryKey: ['documents', 'view', id],
  queryFn: () => unwrap(bridge().documentsView({ id })),
  staleTime: 10 * 60_000,
});

export function Viewer({ id, title }: { id: string; title: string }) {
  const { t } = useTranslation();
  const view = useQuery({ ...viewQuery(id), refetchInterval: 10 * 60_000 });
  if (view.isPending)
    return (
      <p className="hint" aria-busy="true">
        {t('common.opening')}
      </p>
    );
  if (view.isError)
    return (
      <p className="error" role="alert">
        {view.error.message}
      </p>
    );
  const { url, mime } = view.data;
  if (mime === 'application/pdf') return <PdfPages url={url} title={title} />;
  if (browserImageTypes.includes(mime)) return <img className="doc-image" src={url} alt={title} />;
  return <p className="hint">{t('doc.notShown', { mime })}</p>;
}
