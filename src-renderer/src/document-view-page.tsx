/**
 * One PDF page in the document view: a canvas drawn at the screen's pixel density, and over it pdf.js's text
 * layer (selectable text, the search's words and find matches marked). Nothing is drawn until the page is near
 * the viewport; a page that leaves is dropped again, so 50 pages cost what the few on screen cost.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { TextLayer } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { markTextLayer, type FindMatch } from './document-view-marks.js';

export interface PageViewProps {
  doc: PDFDocumentProxy;
  pageNo: number;
  title: string;
  scale: number;
  rotation: number;
  /** Near the viewport: draw it. */
  near: boolean;
  /** The size to hold while not drawn (the first page's, at scale 1, as turned). */
  placeholder: [number, number];
  words: readonly string[];
  find: string;
  current: FindMatch | undefined;
  onDrawn?: () => void;
}

export function PageView(props: PageViewProps) {
  const { doc, pageNo, scale, rotation, near, words, find, current, onDrawn } = props;
  const { t } = useTranslation();
  const [page, setPage] = useState<PDFPageProxy | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layerBox = useRef<HTMLDivElement>(null);
  const [layer, setLayer] = useState<TextLayer | undefined>();
  const [drawn, setDrawn] = useState(0);

  useEffect(() => {
    if (!near || page) return;
    let gone = false;
    void doc.getPage(pageNo).then(
      (p) => !gone && setPage(p),
      (e: Error) => !gone && setFailed(e.message),
    );
    return () => void (gone = true);
  }, [doc, pageNo, near, page]);

  const turn = page ? (page.rotate + rotation) % 360 : rotation;
  const viewport = page?.getViewport({ scale, rotation: turn });
  const width = viewport?.width ?? props.placeholder[0] * scale;
  const height = viewport?.height ?? props.placeholder[1] * scale;

  useEffect(() => {
    const el = canvas.current;
    if (!near || !page || !el) return;
    const dpr = window.devicePixelRatio || 1;
    const pixels = page.getViewport({ scale: scale * dpr, rotation: turn });
    el.width = Math.floor(pixels.width);
    el.height = Math.floor(pixels.height);
    let task: ReturnType<PDFPageProxy['render']>;
    try {
      task = page.render({ canvas: el, viewport: pixels });
    } catch (e) {
      // The document was closed under it (the view going away): nothing to draw.
      return void setFailed((e as Error).message);
    }
    task.promise.then(
      () => {
        setDrawn((n) => n + 1);
        onDrawn?.();
      },
      (e: Error) => {
        if (e.name !== 'RenderingCancelledException') setFailed(e.message);
      },
    );
    return () => task.cancel();
  }, [page, near, scale, turn, onDrawn]);

  // The text layer once the picture is there: the first page on screen matters more than its selectable text.
  useEffect(() => {
    const box = layerBox.current;
    if (!near || !page || !box || drawn === 0) return;
    box.replaceChildren();
    box.style.setProperty('--total-scale-factor', String(scale));
    const text = new TextLayer({
      textContentSource: page.streamTextContent(),
      container: box,
      viewport: page.getViewport({ scale, rotation: turn }),
    });
    let gone = false;
    text.render().then(
      () => !gone && setLayer(text),
      () => undefined,
    );
    return () => {
      gone = true;
      text.cancel();
      setLayer(undefined);
    };
  }, [page, near, scale, turn, drawn]);

  useEffect(() => {
    if (!layer) return;
    const mine = current?.page === pageNo ? current : undefined;
    const mark = markTextLayer(layer.textDivs, layer.textContentItemsStr, words, find, mine);
    mark?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [layer, words, find, current, pageNo]);

  return (
    <div className="dv-page" data-page={pageNo} style={{ width, height }}>
      {failed ? (
        <p className="error">{t('docView.pageFailed', { page: pageNo, message: failed })}</p>
      ) : (
        near && (
          <>
            <canvas
              ref={canvas}
              role="img"
              aria-label={t('docView.pageImage', { title: props.title, page: pageNo })}
              style={{ width, height }}
            />
            <div ref={layerBox} className="textLayer" />
          </>
        )
      )}
    </div>
  );
}
