/**
 * Scanned PDF pages: a page that is nothing but one picture covering it, at
 * the OCR resolution or finer (what scanners write at 300 or 600 DPI), is read
 * from the picture itself instead of being drawn: its own pixels, taken down
 * to 300 DPI by libvips when finer, with no page-sized canvas. Drawing a 600
 * DPI scan in bands makes pdf.js convert the whole picture again for every
 * band: 4 s and 1.1 GB a page, against 0.7 s and 350 MB from the picture,
 * which reads as well (bench:scanned-pdf --as-scanned: WER 0.113 against
 * 0.114 drawn at 600 DPI, 0.131 against 0.130 at 400). Coarser scans are still
 * drawn by pdf.js: resampled up by libvips they read no better and sometimes
 * worse (150 DPI 0.173 against 0.158 drawn; 200 DPI better, 0.123 against
 * 0.197, but worse when the text is larger: 0.088 against 0.071).
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { IngestLimits } from '../intake.js';
import { fromPixels, toOcrPng, type PageImage } from './image-pages.js';

type Matrix = [number, number, number, number, number, number];

/** Operators that neither draw nor change how the picture lands on the page. */
const HARMLESS = new Set<number>([
  pdfjs.OPS.dependency,
  pdfjs.OPS.beginMarkedContent,
  pdfjs.OPS.beginMarkedContentProps,
  pdfjs.OPS.endMarkedContent,
]);

/** How far (as a share of the page's size) the picture's edges may miss the page's. */
const EDGE_TOLERANCE = 0.01;
/** Closer than this to the OCR resolution, the scan is read at its own pixels. */
const SCALE_TOLERANCE = 0.04;

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/** The one picture the page paints, if painting it is all the page does and it covers the page upright. */
async function wholePagePicture(page: PDFPageProxy): Promise<string | undefined> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let picture: { id: string; at: Matrix } | undefined;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    if (fn === pdfjs.OPS.save) stack.push(ctm);
    else if (fn === pdfjs.OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === pdfjs.OPS.transform) ctm = multiply(ctm, argsArray[i] as Matrix);
    else if (fn === pdfjs.OPS.paintImageXObject && !picture) picture = { id: (argsArray[i] as [string])[0], at: ctm };
    else if (!HARMLESS.has(fn)) return undefined; // anything else drawn (or a second picture): render the page
  }
  if (!picture) return undefined;
  // Upright and unflipped: the unit square maps to [e, e+a] × [f, f+d].
  const [a, b, c, d, e, f] = picture.at;
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) return undefined;
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const w = x1 - x0;
  const h = y1 - y0;
  const near = (p: number, q: number, size: number) => Math.abs(p - q) <= EDGE_TOLERANCE * size;
  return near(e, x0, w) && near(e + a, x1, w) && near(f, y0, h) && near(f + d, y1, h) ? picture.id : undefined;
}

interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** One bit per pixel, rows padded to a byte, 1 = white (pdf.js has applied the image's Decode array). */
function unpackBits(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  const grey = Buffer.alloc(width * height);
  const stride = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
  }
  return grey;
}

/**
 * The OCR image of a scanned page, taken from its picture, or undefined when the page
 * is anything else (it is then rendered). A picture finer than `dpi` is taken down to
 * it; a coarser one is undefined too, unless `resample` (for bench:scanned-pdf) has
 * libvips take it up to `dpi`.
 */
export async function scannedPage(
  page: PDFPageProxy,
  dpi: number,
  limits: IngestLimits,
  options: { resample?: boolean } = {},
): Promise<PageImage | undefined> {
  const id = await wholePagePicture(page);
  if (!id) return undefined;
  const [x0, , x1] = page.view as [number, number, number, number];
  const objects = id.startsWith('g_') ? page.commonObjs : page.objs;
  const image = await new Promise<DecodedImage>((resolve) => objects.get(id, resolve as (v: unknown) => void));
  if (!image?.data || image.width * image.height > limits.maxPixels) return undefined;
  const { width, height } = image;
  // The picture fills the page, so its resolution is its width over the page's.
  const ownDpi = width / ((x1 - x0) / 72);
  const scale = Math.abs(dpi / ownDpi - 1) < SCALE_TOLERANCE ? 1 : dpi / ownDpi;
  if (scale > 1 && !options.resample) return undefined;
  const channels = (
    { [pdfjs.ImageKind.GRAYSCALE_1BPP]: 1, [pdfjs.ImageKind.RGB_24BPP]: 3, [pdfjs.ImageKind.RGBA_32BPP]: 4 } as Record<
      number,
      1 | 3 | 4
    >
  )[image.kind];
  if (!channels) return undefined;
  const pixels =
    image.kind === pdfjs.ImageKind.GRAYSCALE_1BPP
      ? unpackBits(image.data, width, height)
      : Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const rotate = ((page.rotate % 360) + 360) % 360;
  const input = fromPixels(pixels, width, height, channels, limits).rotate(rotate);
  return toOcrPng(input, { scale, dpi: ownDpi });
}
