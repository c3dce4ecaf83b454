/**
 * The strip of page thumbnails beside a PDF: one button per page (the current one marked), each drawn small
 * only while it is in the strip's view, and only after the first page is on screen.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const THUMB_WIDTH = 96;

function Thumb({ doc, pageNo, visible }: { doc: PDFDocumentProxy; pageNo: number; visible: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!visible || done) return;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    let gone = false;
    void doc.getPage(pageNo).then((page) => {
      const el = canvas.current;
      if (gone || !el) return;
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (THUMB_WIDTH / base.width) * (window.devicePixelRatio || 1) });
      el.width = Math.floor(viewport.width);
      el.height = Math.floor(viewport.height);
      try {
        task = page.render({ canvas: el, viewport });
      } catch {
        return; // the document was closed under it
      }
      task.promise.then(
        () => setDone(true),
        () => undefined,
      );
    });
    return () => {
      gone = true;
      task?.cancel();
    };
  }, [doc, pageNo, visible, done]);
  return <canvas ref={canvas} aria-hidden="true" />;
}

export function Thumbnails(props: {
  doc: PDFDocumentProxy;
  current: number;
  ready: boolean;
  onGo: (page: number) => void;
}) {
  const { doc, current, ready, onGo } = props;
  const { t } = useTranslation();
  const strip = useRef<HTMLElement>(null);
  const [visible, setVisible] = useState<ReadonlySet<number>>(() => new Set());
  useEffect(() => {
    const el = strip.current;
    if (!el || !ready) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setVisible((old) => {
          const next = new Set(old);
          for (const e of entries) if (e.isIntersecting) next.add(Number((e.target as HTMLElement).dataset.thumb));
          return next;
        }),
      { root: el, rootMargin: '50% 0px' },
    );
    el.querySelectorAll('[data-thumb]').forEach((b) => observer.observe(b));
    return () => observer.disconnect();
  }, [ready, doc]);
  // The current page's thumbnail stays in view as the document scrolls.
  useEffect(() => {
    strip.current?.querySelector(`[data-thumb="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <nav ref={strip} className="dv-thumbs" aria-label={t('docView.thumbnails')}>
      <ol>
        {/* The strip keeps its width from the start (the page's fit does not change), its buttons come after the first page. */}
        {Array.from({ length: ready ? doc.numPages : 0 }, (_, i) => (
          <li key={i + 1}>
            <button
              data-thumb={i + 1}
              aria-current={current === i + 1 ? 'page' : undefined}
              onClick={() => onGo(i + 1)}
              aria-label={t('docView.thumbnail', { page: i + 1 })}
            >
              <Thumb doc={doc} pageNo={i + 1} visible={ready && visible.has(i + 1)} />
              <span aria-hidden="true">{i + 1}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
