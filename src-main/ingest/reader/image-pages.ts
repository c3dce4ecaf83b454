/**
 * Image pages with sharp (JPEG, PNG, WebP, TIFF with one page per frame) and
 * libheif (HEIC/HEIF). EXIF orientation is applied; sizes are checked against
 * the pixel limit before anything is decoded.
 */
import heicDecode from 'heic-decode';
import sharp, { type Sharp } from 'sharp';
import { LockleafError } from '../../errors.js';
import { pixelError, type IngestLimits } from '../intake.js';

export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Larger images are scaled down to this for OCR (the original is kept as it is). */
const OCR_MAX_SIDE = 6000;

/** Grayscale PNG: what OCR reads, a third of the size of RGB. */
export async function toOcrPng(input: Sharp): Promise<PageImage> {
  const { data, info } = await input
    .resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

export function fromRgba(data: Uint8Array, width: number, height: number, limits: IngestLimits): Sharp {
  return sharp(data, { raw: { width, height, channels: 4 }, limitInputPixels: limits.maxPixels });
}

export interface ImageSource {
  pageCount: number;
  page(index: number): Promise<PageImage>;
}

export async function openImage(bytes: Buffer, limits: IngestLimits): Promise<ImageSource> {
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pages = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  if (pages > limits.maxPages) throw new LockleafError('TOO_MANY_PAGES', `The image has ${pages} pages; the limit is ${limits.maxPages}.`);
  return {
    pageCount: pages,
    async page(index) {
      const one = sharp(bytes, { page: index, limitInputPixels: limits.maxPixels });
      const info = await one.metadata();
      if ((info.width ?? 0) * (info.height ?? 0) > limits.maxPixels) throw pixelError(info.width ?? 0, info.height ?? 0, limits);
      // rotate() with no angle applies the EXIF orientation.
      return toOcrPng(one.rotate());
    },
  };
}

export async function openHeic(bytes: Buffer, limits: IngestLimits): Promise<ImageSource> {
  let images: Awaited<ReturnType<typeof heicDecode.all>>;
  try {
    images = await heicDecode.all({ buffer: bytes });
  } catch (cause) {
    throw new LockleafError('DOCUMENT_DAMAGED', `The HEIC image cannot be read: ${(cause as Error).message}`, undefined, { cause });
  }
  if (images.length > limits.maxPages) throw new LockleafError('TOO_MANY_PAGES', `The image has ${images.length} pages; the limit is ${limits.maxPages}.`);
  for (const image of images) {
    if (image.width * image.height > limits.maxPixels) throw pixelError(image.width, image.height, limits);
  }
  return {
    pageCount: images.length,
    async page(index) {
      const image = images[index]!;
      const { data, width, height } = await image.decode();
      return toOcrPng(fromRgba(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, limits));
    },
  };
}
