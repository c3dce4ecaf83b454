/**
 * A memory budget for drawing one PDF page. pdf.js draws every transparency
 * group and soft mask on a temporary page-sized canvas, and @napi-rs/canvas
 * keeps what was composited from them until the page is done: a 330 KB PDF in
 * the corpus has 83 groups and took 2.2 GB at 300 DPI. Counting the layers in
 * the page's operator list first, the page is drawn at a resolution whose
 * layers fit the budget (never below 100 DPI): a decompression bomb of another
 * shape, defused before it goes off. Ordinary scans have no layers and keep
 * their 300 DPI.
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';

export const RENDER_BUDGET_BYTES = 384 * 1024 * 1024;
export const MIN_RENDER_DPI = 100;

export interface DrawingCosts {
  layers: number;
  patterns: number;
  /** Pixels of the largest picture the page paints (0 when none). */
  largestPicture: number;
}

/**
 * What the page's drawing will cost beyond its own canvas: temporary canvases
 * for groups and graphics states that set a soft mask (`layers`), tiling
 * patterns, each drawn on a canvas of its own at every render (`patterns`),
 * and pictures, each converted to a canvas of its own size at every render.
 */
export async function drawingCosts(page: PDFPageProxy): Promise<DrawingCosts> {
  const { fnArray, argsArray } = await page.getOperatorList();
  let layers = 0;
  let patterns = 0;
  let largestPicture = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === pdfjs.OPS.paintImageXObject) {
      const [, width, height] = argsArray[i] as [string, number?, number?];
      largestPicture = Math.max(largestPicture, (width ?? 0) * (height ?? 0) || 0);
    } else if (fn === pdfjs.OPS.paintInlineImageXObject) {
      const inline = (argsArray[i] as [{ width?: number; height?: number }] | undefined)?.[0];
      largestPicture = Math.max(largestPicture, (inline?.width ?? 0) * (inline?.height ?? 0) || 0);
    } else if (fn === pdfjs.OPS.beginGroup) layers++;
    else if (fn === pdfjs.OPS.setGState) {
      const entries = (argsArray[i] as [[string, unknown][]] | undefined)?.[0] ?? [];
      if (entries.some(([key, value]) => key === 'SMask' && value)) layers++;
    } else if (
      (fn === pdfjs.OPS.setFillColorN || fn === pdfjs.OPS.setStrokeColorN) &&
      (argsArray[i] as unknown[] | undefined)?.[0] === 'TilingPattern'
    ) {
      patterns++;
    }
  }
  return { layers, patterns, largestPicture };
}

/** The most pixels a render of this page may have so its canvases stay within the budget. */
export function budgetPixels(layers: number, pageAreaPt: number): number {
  const floor = pageAreaPt * (MIN_RENDER_DPI / 72) ** 2;
  return Math.max(floor, RENDER_BUDGET_BYTES / 4 / (1 + layers));
}

/**
 * Whether a page is drawn in one piece rather than in bands of `bandPixels`.
 * Every band draws the whole page again: pdf.js makes each layer's and pattern's
 * canvas again for it, freed only when garbage is collected (a corpus page with a
 * 14142×3000 tiling pattern took 1.6 GB more in bands), and converts every picture
 * to a canvas of the picture's size again. Such pages are drawn whole, and so are
 * pages whose largest picture, converted once per band, would cost more than a
 * page-sized canvas and its read-back copy (a 600 DPI scan with a stamp on it: 15 s
 * and 1.1 GB for four pages in bands, 6.6 s and 0.9 GB whole; a 150 DPI scan stays
 * in bands: it costs less there).
 */
export function drawnWhole(costs: DrawingCosts, pagePixels: number, bandPixels: number): boolean {
  const bands = Math.ceil(pagePixels / bandPixels);
  return costs.layers > 0 || costs.patterns > 0 || (bands - 1) * costs.largestPicture > 2 * pagePixels;
}
