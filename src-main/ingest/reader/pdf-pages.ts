/**
 * PDF pages with pdf.js (legacy build, for Node): the text layer where a page
 * has one, otherwise a 300 DPI render for OCR. Rendering uses the
 * @napi-rs/canvas that pdf.js itself loads (one copy in the process).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { LockleafError } from '../../errors.js';
import { damaged } from './reader-errors.js';
import { budgetPixels, drawingCosts, drawnWhole } from './render-budget.js';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

/** Below this many visible characters a page counts as having no text layer. */
const MIN_TEXT_CHARS = 16;
export const OCR_DPI = 300;
export { OCR_MAX_PIXELS } from './image-pages.js';

/** pdf.js's PasswordResponses.INCORRECT_PASSWORD: a password was given and it is not this PDF's. */
const INCORRECT_PASSWORD = 2;

/**
 * `password`: the one the user typed for this file (ingest:unlockPdf). pdf.js only uses
 * it to decrypt in memory; the stored original stays encrypted as it came.
 */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument({
    data: bytes,
    ...(password !== undefined ? { password } : {}),
    // Local files only: pdf.js must never fetch anything.
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    cMapUrl: `${join(pdfjsRoot, 'cmaps')}/`,
    cMapPacked: true,
    wasmUrl: `${join(pdfjsRoot, 'wasm')}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    const { name, code } = (error ?? {}) as { name?: string; code?: number };
    if (name === 'PasswordException') {
      if (password !== undefined && code === INCORRECT_PASSWORD)
        throw new LockleafError(
          'PDF_WRONG_PASSWORD',
          'That is not the password of this PDF. Type it again to have the file read; the original is kept as it is.',
        );
      throw new LockleafError(
        'PDF_ENCRYPTED',
        'This PDF is protected by a password. Lockleaf kept the file as it is; type its password in Imports to have its text read.',
      );
    }
    throw damaged('pdf', error);
  }
}

export async function pageText(page: PDFPageProxy): Promise<string | undefined> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str;
    text += item.hasEOL ? '\n' : ' ';
  }
  text = text.replace(/[ \t]+\n/g, '\n').trim();
  return text.replace(/\s/g, '').length >= MIN_TEXT_CHARS ? text : undefined;
}

/** A rendered page: one byte of grey per pixel. */
export interface GreyPage {
  data: Uint8Array;
  width: number;
  height: number;
  dpi: number;
}

/** Rows are drawn this many pixels at a time (see renderBands). */
export const BAND_PIXELS = 2_000_000;

/**
 * Renders a page to greyscale at `dpi`, scaled down if it would exceed `maxPixels`
 * or if its transparency layers would exceed the render budget, in bands unless
 * bands would cost more (both in render-budget.ts).
 */
export async function renderPage(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  dpi: number,
  maxPixels: number,
  bandPixels = BAND_PIXELS,
): Promise<GreyPage> {
  const base = page.getViewport({ scale: 1 });
  const costs = await drawingCosts(page);
  const limit = Math.min(maxPixels, budgetPixels(costs.layers, base.width * base.height));
  const pagePixels = Math.min(limit, base.width * base.height * (dpi / 72) ** 2);
  return renderBands(
    doc,
    page,
    dpi,
    limit,
    drawnWhole(costs, pagePixels, bandPixels) ? Number.MAX_SAFE_INTEGER : bandPixels,
  );
}

/**
 * Banded rendering: the page is drawn a band of rows at a time onto a small
 * canvas, each band turned to grey as it is read back. A 300 DPI A4 page as
 * one RGBA canvas plus its read-back copy is 70 MB; in bands of 2 MP it is
 * 16 MB plus the 8.7 MB grey result. pdf.js keeps the page's parsed operators
 * and decoded fonts and images between bands, so only drawing is repeated
 * (which, for pictures, includes converting them: see drawnWhole).
 */
async function renderBands(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  dpi: number,
  maxPixels: number,
  bandPixels: number,
): Promise<GreyPage> {
  let scale = dpi / 72;
  const base = page.getViewport({ scale: 1 });
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const bandRows = Math.max(64, Math.min(height, Math.floor(bandPixels / width)));
  type RenderParams = Parameters<PDFPageProxy['render']>[0];
  type Context2D = NonNullable<RenderParams['canvasContext']>;
  const factory = doc.canvasFactory as {
    create(w: number, h: number): { canvas: RenderParams['canvas']; context: Context2D };
    destroy(c: unknown): void;
  };
  const grey = new Uint8Array(width * height);
  const target = factory.create(width, bandRows);
  try {
    for (let top = 0; top < height; top += bandRows) {
      const rows = Math.min(bandRows, height - top);
      target.context.setTransform(1, 0, 0, 1, 0, 0);
      target.context.fillStyle = '#ffffff';
      target.context.fillRect(0, 0, width, bandRows);
      // Shift the page up so this band's rows land on the canvas; pdf.js clips the rest.
      await page.render({
        canvasContext: target.context,
        canvas: target.canvas,
        viewport,
        transform: [1, 0, 0, 1, 0, -top],
      }).promise;
      toGrey(target.context.getImageData(0, 0, width, rows).data, grey, top * width);
    }
    return { data: grey, width, height, dpi: Math.round(scale * 72) };
  } finally {
    factory.destroy(target);
  }
}

/** ITU-R BT.601 luma, as libvips and Leptonica compute grey from RGB (on white, so alpha is already flattened). */
function toGrey(rgba: Uint8ClampedArray, out: Uint8Array, offset: number): void {
  for (let i = 0, o = offset; i < rgba.length; i += 4, o++) {
    out[o] = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114 + 500) / 1000;
  }
}
