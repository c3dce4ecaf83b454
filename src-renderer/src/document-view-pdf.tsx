/**
 * A PDF in the document view: its pages one under the other, at the zoom and turn asked for, each drawn only
 * while near the viewport. Reports the page in view and the scale a fit means; scrolls to a page when asked.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { GAP, scaleFor, useBoxSize, type Zoom } from './document-view-fit.js';
import type { FindMatch } from './document-view-marks.js';
import { PageView } from './document-view-page.js';

export interface PdfViewProps {
  doc: PDFDocumentProxy;
  title: string;
  zoom: Zoom;
  rotation: number;
  /** A page to show: a new `seq` asks again for the same page. */
  target: { page: number; seq: number } | undefined;
  onPage: (page: number) => void;
  onScale: (scale: number) => void;
  words: readonly string[];
  find: string;
  current: FindMatch | undefined;
  /** The first page is on screen (the thumbnails wait for it rather than compete with it). */
  onFirstDrawn?: () => void;
}

/** Pages within this many viewport heights above or below are drawn ahead of the scroll. */
const AHEAD = '150%';

export function PdfView(props: PdfViewProps) {
  const { doc, zoom, rotation, target, onPage, onScale } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const box = useBoxSize(scroller);
  const [base, setBase] = useState<[number, number] | undefined>();
  const [near, setNear] = useState<ReadonlySet<number>>(() => new Set([1]));
  // The first page is drawn alone; the next ones start once it is on screen instead of competing with it.
  const [firstDrawn, setFirstDrawn] = useState(false);
  const { onFirstDrawn: told } = props;
  const onFirstDrawn = useCallback(() => {
    setFirstDrawn(true);
    told?.();
  }, [told]);

  useEffect(() => {
    let gone = false;
    void doc.getPage(1).then((p) => {
      const v = p.getViewport({ scale: 1 });
      if (!gone) setBase([v.width, v.height]);
    });
    return () => void (gone = true);
  }, [doc]);

  const turned = rotation % 180 !== 0;
  const [w, h] = base ? (turned ? [base[1], base[0]] : base) : [612, 792];
  const scale = box.width > 0 ? scaleFor(zoom, w, h, box) : 0;
  useEffect(() => void (scale > 0 && onScale(scale)), [scale, onScale]);

  // Zooming keeps the same place in the document in view.
  const lastScale = useRef(scale);
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = lastScale.current;
    lastScale.current = scale;
    if (el && before > 0 && scale > 0 && before !== scale) el.scrollTop = (el.scrollTop * scale) / before;
  }, [scale]);

  // Which pages are near the viewport (drawn) as the view scrolls.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !base || !firstDrawn) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNear((old) => {
          const next = new Set(old);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.page);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root: el, rootMargin: `${AHEAD} 0px` },
    );
    el.querySelectorAll('[data-page]').forEach((p) => observer.observe(p));
    return () => observer.disconnect();
  }, [base, firstDrawn, doc]);

  // The page in view: the last one whose top is above a third of the way down.
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const line = el.scrollTop + el.clientHeight / 3;
    let page = 1;
    for (const p of el.querySelectorAll<HTMLElement>('[data-page]')) {
      if (p.offsetTop > line) break;
      page = Number(p.dataset.page);
    }
    onPage(page);
  };

  useEffect(() => {
    const el = scroller.current;
    const page = target && el?.querySelector<HTMLElement>(`[data-page="${target.page}"]`);
    if (!el || !page) return;
    el.scrollTop = page.offsetTop - GAP;
    onPage(target.page);
  }, [target, onPage, base]);

  return (
    <div ref={scroller} className="dv-scroller" onScroll={onScroll} tabIndex={0} role="region" aria-label={props.title}>
      {base &&
        scale > 0 &&
        Array.from({ length: doc.numPages }, (_, i) => (
          <PageView
            key={i + 1}
            doc={doc}
            pageNo={i + 1}
            title={props.title}
            scale={scale}
            rotation={rotation}
            near={i === 0 ? near.has(1) || !firstDrawn : firstDrawn && near.has(i + 1)}
            placeholder={[w, h]}
            words={props.words}
            find={props.find}
            current={props.current}
            {...(i === 0 ? { onDrawn: onFirstDrawn } : {})}
          />
        ))}
    </div>
  );
}
