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
import { budgetPixels, layerCount } from './render-budget.js';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

/** Below this many visible characters a page counts as having no text layer. */
const MIN_TEXT_CHARS = 16;
export const OCR_DPI = 300;
export { OCR_MAX_PIXELS } from './image-pages.js';

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument({
    data: bytes,
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
    const name = (error as Error)?.name;
    if (name === 'PasswordException') {
      throw new LockleafError('PDF_ENCRYPTED', 'This PDF is protected by a password. Lockleaf kept the file but cannot read its text; save an unprotected copy to have it read.');
    }
    throw new LockleafError('DOCUMENT_DAMAGED', `The PDF cannot be read: ${(error as Error)?.message ?? String(error)}`);
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

/**
 * Renders a page to RGBA at `dpi`, scaled down if it would exceed `maxPixels`
 * or if its transparency layers would exceed the render budget (render-budget.ts).
 */
export async function renderPage(doc: PDFDocumentProxy, page: PDFPageProxy, dpi: number, maxPixels: number): Promise<{ data: Uint8Array; width: number; height: number; dpi: number }> {
  const base = page.getViewport({ scale: 1 });
  return renderOnce(doc, page, dpi, Math.min(maxPixels, budgetPixels(await layerCount(page), base.width * base.height)));
}

async function renderOnce(doc: PDFDocumentProxy, page: PDFPageProxy, dpi: number, maxPixels: number): Promise<{ data: Uint8Array; width: number; height: number; dpi: number }> {
  let scale = dpi / 72;
  const base = page.getViewport({ scale: 1 });
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  type RenderParams = Parameters<PDFPageProxy['render']>[0];
  type Context2D = NonNullable<RenderParams['canvasContext']>;
  const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: RenderParams['canvas']; context: Context2D }; destroy(c: unknown): void };
  const target = factory.create(width, height);
  try {
    target.context.fillStyle = '#ffffff';
    target.context.fillRect(0, 0, width, height);
    await page.render({ canvasContext: target.context, canvas: target.canvas, viewport }).promise;
    const image = target.context.getImageData(0, 0, width, height);
    return { data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), width, height, dpi: Math.round(scale * 72) };
  } finally {
    factory.destroy(target);
  }
}
