import { PDFDocument, setTextRenderingMode, StandardFonts, TextRenderingMode } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openPdf, renderPage } from '../ingest/reader/pdf-pages.js';
import { textImage } from '../ingest/test-fixtures.js';
import { pngStream, searchablePdf } from './searchable-pdf.js';

/** A one-page text-only PDF the size of a `width`×`height` image at `dpi`, as tesseract writes it. */
async function textLayer(width: number, height: number, dpi: number, text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([(width * 72) / dpi, (height * 72) / dpi]);
  page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
  page.drawText(text, { x: 20, y: 40, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** Renders page 1 at `dpi` to grey, and the page's text. */
async function look(pdf: Uint8Array, dpi: number) {
  const doc = await openPdf(pdf);
  const page = await doc.getPage(1);
  const grey = await renderPage(doc, page, dpi, 50_000_000);
  const items = (await page.getTextContent()).items as Array<{ str: string; transform: number[] }>;
  await doc.destroy();
  return { grey, items };
}

/** The share of pixels that differ visibly. */
function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 24) n++;
  return n / a.length;
}

describe('pngStream', () => {
  it('takes the compressed data of grey and RGB PNGs, 8 or 16 bits, and nothing else', async () => {
    const page = await sharp(await textImage(['stream'], { width: 300, height: 200 }))
      .removeAlpha()
      .toBuffer();
    const grey = pngStream(await sharp(page).toColourspace('b-w').png().toBuffer());
    expect(grey).toMatchObject({ width: 300, height: 200, colors: 1, bitDepth: 8 });
    expect(grey!.idat.length).toBeGreaterThan(100);
    expect(pngStream(await sharp(page).removeAlpha().png().toBuffer())).toMatchObject({ colors: 3, bitDepth: 8 });
    expect(
      pngStream(await sharp(page).toColourspace('b-w').png({ compressionLevel: 0 }).toColourspace('grey16').toBuffer()),
    ).toMatchObject({ colors: 1, bitDepth: 16 });
    expect(pngStream(await sharp(page).png({ palette: true }).toBuffer())).toBeNull();
    expect(pngStream(await sharp(page).ensureAlpha().png().toBuffer())).toBeNull();
    expect(pngStream(await sharp(page).toColourspace('b-w').png({ progressive: true }).toBuffer())).toBeNull();
    expect(pngStream(Buffer.from('%PDF-1.7 not a png at all, long enough to be read'))).toBeNull();
  });
});

describe('searchablePdf', () => {
  it('draws the PNG, pixel for pixel, under the text layer, which stays', async () => {
    const page = await sharp(await textImage(['Land registry extract', 'Parcel 1172/4'], { width: 1000, height: 700 }))
      .removeAlpha()
      .png()
      .toBuffer();
    const direct = [true, true, true, false, false];
    for (const [n, png] of [
      await sharp(page).toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer(),
      await sharp(page).removeAlpha().tint('#3050a0').png().toBuffer(), // colour
      await sharp(page).toColourspace('grey16').png().toBuffer(), // 16 bits (a 16-bit TIFF scan)
      await sharp(page).toColourspace('b-w').png({ palette: true, colours: 16 }).toBuffer(), // re-encoded first
      await sharp(page).toColourspace('b-w').ensureAlpha().png().toBuffer(), // re-encoded first
    ].entries()) {
      expect(pngStream(png) !== null).toBe(direct[n]);
      const pdf = await searchablePdf(await textLayer(1000, 700, 200, 'parcel hidden text'), png, 0);
      const { grey, items } = await look(pdf, 200);
      expect([grey.width, grey.height]).toEqual([1000, 700]);
      const expected = await sharp(png).flatten({ background: '#fff' }).toColourspace('b-w').raw().toBuffer();
      expect(expected.length).toBe(grey.data.length);
      expect(differing(grey.data, expected)).toBeLessThan(0.001);
      expect(items.map((i) => i.str).join(' ')).toContain('parcel hidden text');
    }
  });

  it('turns a deskewed text layer back over the image as it was scanned', async () => {
    const png = await sharp(await textImage(['skewed'], { width: 1000, height: 700 }))
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const layer = await textLayer(1000, 700, 200, 'level words');
    const angle = (3 * Math.PI) / 180; // tesseract turned the image 3° clockwise before reading it
    for (const [deskew, slope] of [
      [0, 0],
      [angle, angle],
    ] as const) {
      const { items } = await look(await searchablePdf(layer, png, deskew), 200);
      const [a, b] = items.find((i) => i.str.includes('level'))!.transform;
      // Turned back counter-clockwise: the words slope up as the scanned lines do.
      expect(Math.atan2(b!, a!)).toBeCloseTo(slope, 3);
    }
  });
});
