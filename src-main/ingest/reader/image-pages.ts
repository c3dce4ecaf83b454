/**
 * Image pages with sharp (JPEG, PNG, WebP, TIFF with one page per frame) and
 * libheif (HEIC/HEIF). EXIF orientation is applied; sizes are checked against
 * the pixel limit before anything is decoded.
 */
import heicDecode from 'heic-decode';
import sharp, { type Sharp } from 'sharp';
import { LockleafError } from '../../errors.js';
import { pixelError, type IngestLimits } from '../intake.js';
import { damaged } from './reader-errors.js';
import './vips-settings.js';

export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Pages are read by OCR at no more than this many pixels (the original is kept
 * as it is): A4 and Letter at 300 DPI fit (8.7 MP), A3 is read at ~250 DPI and
 * a 48 MP phone photo at 12 MP, which OCR reads as well; every pixel beyond
 * costs memory in the renderer and several times over inside tesseract.
 */
export const OCR_MAX_PIXELS = 12_000_000;

/**
 * The PNG that OCR reads, transparency flattened onto white. Grey, a third of
 * the size, except for colour photos: tesseract thresholds each colour channel
 * on its own and keeps the clearest, which reads faded or coloured print on
 * receipts that a grey conversion washes out (a corpus receipt: WER 0.84 from
 * grey, 0.28 from colour).
 */
export async function toOcrPng(
  input: Sharp,
  options: { colour?: boolean; scale?: number; dpi?: number; archived?: boolean } = {},
): Promise<PageImage> {
  const meta = await input.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // Resampled by `scale` (to reach the OCR resolution), never beyond the pixel cap.
  const scale = Math.min(options.scale ?? 1, Math.sqrt(OCR_MAX_PIXELS / Math.max(1, width * height)));
  // A square box keeps the aspect ratio whichever way EXIF turns the image.
  const side = Math.floor(Math.max(width, height) * scale);
  let pipeline = input.resize({ width: side, height: side, fit: 'inside', withoutEnlargement: scale <= 1 });
  // The true resolution, so OCR need not guess it.
  if (options.dpi) pipeline = pipeline.withDensity(options.dpi * scale);
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .toColourspace(options.colour ? 'srgb' : 'b-w')
    // Pages of an image document also become its searchable PDF, which takes this PNG's
    // compressed data as it is (searchable-pdf.ts): zlib's default level, a third smaller.
    // Other pages are read once and dropped: the fastest level.
    .png({ compressionLevel: options.archived ? 6 : 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** Whether an image has colour worth keeping for OCR (not a grey or black-and-white scan). */
function isColour(meta: { channels?: number; space?: string }): boolean {
  return (meta.channels ?? 1) >= 3 && meta.space !== 'b-w';
}

/** Decoded pixels (grey, RGB or RGBA, one byte per channel) as a sharp input, within the pixel limit. */
export function fromPixels(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  limits: IngestLimits,
): Sharp {
  return sharp(data, { raw: { width, height, channels }, limitInputPixels: limits.maxPixels });
}

export interface ImageSource {
  pageCount: number;
  page(index: number): Promise<PageImage>;
}

export async function openImage(bytes: Buffer, limits: IngestLimits): Promise<ImageSource> {
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pages = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  if (pages > limits.maxPages)
    throw new LockleafError('TOO_MANY_PAGES', `The image has ${pages} pages; the limit is ${limits.maxPages}.`);
  return {
    pageCount: pages,
    async page(index) {
      // A file cut short (an interrupted copy or download) gives what it has, the rest
      // blank, as image viewers show it: better some of a page's text than none.
      const one = sharp(bytes, { page: index, limitInputPixels: limits.maxPixels, failOn: 'none' });
      const info = await one.metadata();
      if ((info.width ?? 0) * (info.height ?? 0) > limits.maxPixels)
        throw pixelError(info.width ?? 0, info.height ?? 0, limits);
      // rotate() with no angle applies the EXIF orientation.
      return toOcrPng(one.rotate(), { colour: isColour(info), archived: true });
    },
  };
}

export async function openHeic(bytes: Buffer, limits: IngestLimits): Promise<ImageSource> {
  let images: Awaited<ReturnType<typeof heicDecode.all>>;
  try {
    images = await heicDecode.all({ buffer: bytes });
  } catch (cause) {
    throw damaged('heic', cause);
  }
  if (images.length > limits.maxPages)
    throw new LockleafError('TOO_MANY_PAGES', `The image has ${images.length} pages; the limit is ${limits.maxPages}.`);
  for (const image of images) {
    if (image.width * image.height > limits.maxPixels) throw pixelError(image.width, image.height, limits);
  }
  return {
    pageCount: images.length,
    async page(index) {
      const image = images[index]!;
      const { data, width, height } = await image.decode();
      return toOcrPng(
        fromPixels(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, 4, limits),
        { colour: true, archived: true },
      );
    },
  };
}
