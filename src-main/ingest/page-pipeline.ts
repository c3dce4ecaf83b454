/**
 * One scanned page through OCR: read it (tesseract measures and undoes small
 * skew itself), and if it reads badly, find which way up it is and read again.
 */
import sharp from 'sharp';
import type { OcrResult } from '../ocr/ocr-pool.js';

export interface OcrEngine {
  readonly size: number;
  recognize(image: Buffer, options?: { pdf?: boolean }): Promise<OcrResult>;
  orientation(image: Buffer): Promise<{ rotate: 0 | 90 | 180 | 270; confidence: number } | null>;
}

/** Below this OSD confidence the page is left as it is. */
const MIN_ORIENTATION_CONFIDENCE = 1.5;
/** A page read with at least this confidence is taken to be upright: no orientation pass. */
const UPRIGHT_CONFIDENCE = 0.7;

/**
 * Most pages are upright, so OCR runs first; only a poor read asks OSD which
 * way up the page is, and a turned page is read again (the better read wins).
 */
export async function ocrPage(
  ocr: OcrEngine,
  png: Buffer,
  options: { pdf?: boolean; signal?: AbortSignal } = {},
): Promise<OcrResult & { rotated: number }> {
  const { signal, ...read } = options;
  const first = await ocr.recognize(png, read);
  if (first.confidence >= UPRIGHT_CONFIDENCE) return { ...first, rotated: 0 };
  // A page whose job has ended is not worth a second pass.
  signal?.throwIfAborted();
  // OSD on a smaller copy: it needs the layout, not the detail.
  const probe = await sharp(png)
    .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  const orientation = await ocr.orientation(probe);
  if (!orientation || orientation.rotate === 0 || orientation.confidence < MIN_ORIENTATION_CONFIDENCE)
    return { ...first, rotated: 0 };
  // zlib's default level: an image page's PNG goes into its searchable PDF as it is.
  const upright = await sharp(png).rotate(orientation.rotate).png().toBuffer();
  signal?.throwIfAborted();
  const second = await ocr.recognize(upright, read);
  return second.confidence > first.confidence ? { ...second, rotated: orientation.rotate } : { ...first, rotated: 0 };
}

export async function thumbnail(png: Uint8Array): Promise<Buffer> {
  return sharp(png)
    .resize({ width: 320, height: 420, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer();
}
