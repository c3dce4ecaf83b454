/** Zoom for the document view: fit the width, fit the whole page, or a scale of its own (1 = 72 dpi CSS pixels). */
import { useLayoutEffect, useState, type RefObject } from 'react';

export type Zoom = { fit: 'width' | 'page' } | { scale: number };

/** Space around and between pages, in CSS pixels. */
export const GAP = 16;
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;

/** The scale a zoom means for a page `w`×`h` (as turned) in a box of the given size. */
export function scaleFor(zoom: Zoom, w: number, h: number, box: { width: number; height: number }): number {
  if ('scale' in zoom) return zoom.scale;
  const width = Math.max(MIN_SCALE, (box.width - 2 * GAP) / w);
  return zoom.fit === 'width' ? width : Math.max(MIN_SCALE, Math.min(width, (box.height - 2 * GAP) / h));
}

/** One step of + or −, from the scale shown now. */
export function stepZoom(scale: number, direction: 1 | -1): Zoom {
  const next = direction > 0 ? scale * 1.25 : scale / 1.25;
  return { scale: Math.min(MAX_SCALE, Math.max(MIN_SCALE, next)) };
}

/** The element's inner size, measured before the first paint (the first page is drawn at its final size) and kept current. */
export function useBoxSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () =>
      setSize((old) =>
        old.width === el.clientWidth && old.height === el.clientHeight
          ? old
          : { width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
