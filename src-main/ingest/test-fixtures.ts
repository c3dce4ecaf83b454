/**
 * Fixtures made in the tests themselves: text rendered to images with a
 * known string, PDFs with and without a text layer, a decompression bomb.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument as EncryptingPdf } from '@cantoo/pdf-lib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A white page (A4-ish at ~150 DPI) with the lines in large black type. */
export async function textImage(lines: string[], options: { width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 1240;
  const height = options.height ?? 1754;
  const body = lines
    .map(
      (l, i) =>
        `<text x="80" y="${180 + i * 90}" font-family="DejaVu Sans, sans-serif" font-size="48" fill="#111">${escape(l)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function textPdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 14, font }));
  }
  return Buffer.from(await doc.save());
}

/** Image-only PDF: each page is a picture of text (150 DPI unless told), no text layer. */
export async function scannedPdf(pages: string[][], options: { dpi?: number } = {}): Promise<Buffer> {
  const scale = (options.dpi ?? 150) / 150;
  const doc = await PDFDocument.create();
  for (const lines of pages) {
    const png = await textImage(lines, { width: Math.round(1240 * scale), height: Math.round(1754 * scale) });
    const image = await doc.embedPng(png);
    const page = doc.addPage([595, 842]);
    page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  }
  return Buffer.from(await doc.save());
}

/** A PDF with a user (open) password and an owner password; the text is a text layer. */
export async function encryptedPdf(
  text = 'secret statement',
  passwords: { user: string; owner: string } = { user: 'open sesame', owner: 'owner' },
): Promise<Buffer> {
  const doc = await EncryptingPdf.create();
  doc.addPage().drawText(text);
  doc.encrypt({ userPassword: passwords.user, ownerPassword: passwords.owner });
  return Buffer.from(await doc.save());
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of a few KB whose header claims 40000×40000 pixels (1.6 gigapixels). */
export function pixelBombPng(side = 40_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const rows = deflateSync(Buffer.alloc(64 * 1024)); // the start of an all-zero image
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
