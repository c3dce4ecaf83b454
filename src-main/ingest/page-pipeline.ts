/**
 * One scanned page through OCR: find which way up it is, turn it upright,
 * then read it (tesseract measures and undoes small skew itself).
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

export async function ocrPage(ocr: OcrEngine, png: Buffer, options: { pdf?: boolean } = {}): Promise<OcrResult & { rotated: number }> {
  // OSD on a smaller copy: it needs the layout, not the detail.
  const probe = await sharp(png).resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  const orientation = await ocr.orientation(probe);
  let upright = png;
  let rotated = 0;
  if (orientation && orientation.rotate !== 0 && orientation.confidence >= MIN_ORIENTATION_CONFIDENCE) {
    upright = await sharp(png).rotate(orientation.rotate).png({ compressionLevel: 1 }).toBuffer();
    rotated = orientation.rotate;
  }
  return { ...(await ocr.recognize(upright, options)), rotated };
}

export async function thumbnail(png: Uint8Array): Promise<Buffer> {
  return sharp(png).resize({ width: 320, height: 420, fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
}
