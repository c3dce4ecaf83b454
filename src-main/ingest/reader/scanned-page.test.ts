import {
  concatTransformationMatrix,
  degrees,
  drawObject,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../intake.js';
import { textImage } from '../test-fixtures.js';
import { openPdf, renderPage } from './pdf-pages.js';
import { scannedPage } from './scanned-page.js';

const A4: [number, number] = [595, 842];

async function pdfWith(build: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await build(doc);
  return doc.save();
}

async function scanPage(doc: PDFDocument, png: Buffer, place = { x: 0, y: 0, width: A4[0], height: A4[1] }) {
  const page = doc.addPage(A4);
  page.drawImage(await doc.embedPng(png), place);
  return page;
}

/** The page taken from its picture and the page rendered by pdf.js, side by side, as black-and-white pixels. */
async function againstRender(bytes: Uint8Array, options: { resample?: boolean } = {}) {
  const doc = await openPdf(bytes.slice()); // pdf.js takes the bytes it is given
  const page = await doc.getPage(1);
  const scan = await scannedPage(page, 300, DEFAULT_LIMITS, options);
  const render = await renderPage(doc, page, 300, 20_000_000);
  await doc.destroy();
  if (!scan) return undefined;
  const { data, info } = await sharp(scan.png).raw().toBuffer({ resolveWithObject: true });
  const { density, channels } = await sharp(scan.png).metadata();
  // Resampled by libvips or drawn by pdf.js, the sizes may differ by a pixel or two of rounding.
  let disagree = 0;
  let ink = 0;
  for (let y = 0; y < Math.min(info.height, render.height); y++) {
    for (let x = 0; x < Math.min(info.width, render.width); x++) {
      const drawn = render.data[y * render.width + x]! < 128;
      if (drawn) ink++;
      if (drawn !== data[(y * info.width + x) * info.channels]! < 128) disagree++;
    }
  }
  return {
    size: [info.width, info.height, channels],
    renderSize: [render.width, render.height, 1],
    ink,
    disagree: disagree / render.data.length,
    density,
  };
}

describe('scanned PDF pages', () => {
  const lines = ['Scanned statement page', 'Balance carried forward 1000'];

  it('reads a 300 DPI scan from its own pixels, as the render would show it', async () => {
    const bytes = await pdfWith(
      async (doc) => void (await scanPage(doc, await textImage(lines, { width: 2480, height: 3508 }))),
    );
    const r = (await againstRender(bytes))!;
    expect(r.size).toEqual([2480, 3508, 1]); // grey, its own pixels
    expect(r.density).toBe(300);
    expect(r.ink).toBeGreaterThan(5000);
    expect(r.disagree).toBeLessThan(0.002);
  });

  it('takes a finer scan down to 300 DPI, as the render would show it', async () => {
    const bytes = await pdfWith(
      async (doc) => void (await scanPage(doc, await textImage(lines, { width: 3307, height: 4677 }))),
    ); // 400 DPI
    const r = (await againstRender(bytes))!;
    expect(r.size[0]).toBeCloseTo(r.renderSize[0]!, -1);
    expect(r.size[1]).toBeCloseTo(r.renderSize[1]!, -1);
    expect(r.size[2]).toBe(1);
    expect(r.density).toBe(300);
    expect(r.ink).toBeGreaterThan(5000);
    expect(r.disagree).toBeLessThan(0.002);
  });

  it('leaves coarser scans to the renderer, unless asked to resample them', async () => {
    const bytes = await pdfWith(async (doc) => void (await scanPage(doc, await textImage(lines)))); // 150 DPI
    expect(await againstRender(bytes)).toBeUndefined();
    const r = (await againstRender(bytes, { resample: true }))!;
    expect(r.size[0]).toBeCloseTo(r.renderSize[0]!, -1);
    expect(r.size[1]).toBeCloseTo(r.renderSize[1]!, -1);
    expect(r.density).toBe(300);
    expect(r.disagree).toBeLessThan(0.002);
  });

  it('turns a page that the PDF rotates', async () => {
    const bytes = await pdfWith(
      async (doc) =>
        void (await scanPage(doc, await textImage(lines, { width: 2480, height: 3508 }))).setRotation(degrees(90)),
    );
    const r = (await againstRender(bytes))!;
    expect(r.size[0]).toBeGreaterThan(r.size[1]!); // landscape now
    expect(r.size[0]).toBeCloseTo(r.renderSize[0]!, -1);
    expect(r.size[1]).toBeCloseTo(r.renderSize[1]!, -1);
    expect(r.disagree).toBeLessThan(0.002);
  });

  it('reads one-bit scans (fax and office scanners) with black as black', async () => {
    const [width, height] = [2480, 3508];
    const stride = width / 8;
    const bits = Buffer.alloc(stride * height, 0xff); // 1 = white
    for (let y = 100; y < 400; y++) bits.fill(0x00, y * stride + 10, y * stride + 60); // a black bar, 400 px wide
    const bytes = await pdfWith(async (doc) => {
      const image = doc.context.register(
        doc.context.flateStream(bits, {
          Type: 'XObject',
          Subtype: 'Image',
          Width: width,
          Height: height,
          ColorSpace: 'DeviceGray',
          BitsPerComponent: 1,
        }),
      );
      const page = doc.addPage(A4);
      page.node.setXObject(PDFName.of('Scan'), image);
      page.pushOperators(
        pushGraphicsState(),
        concatTransformationMatrix(A4[0], 0, 0, A4[1], 0, 0),
        drawObject('Scan'),
        popGraphicsState(),
      );
    });
    const r = (await againstRender(bytes))!;
    expect(r.ink / (400 * 300)).toBeCloseTo(1, 1); // the bar
    expect(r.disagree).toBeLessThan(0.002);
  });

  it('renders pages that are more than one picture covering them', async () => {
    const picture = await textImage(lines);
    const partial = await pdfWith(
      async (doc) => void (await scanPage(doc, picture, { x: 50, y: 50, width: 300, height: 420 })),
    );
    const annotated = await pdfWith(async (doc) => {
      const page = await scanPage(doc, picture);
      page.drawText('Paid', { x: 400, y: 700, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
    });
    const twoPictures = await pdfWith(async (doc) => {
      const page = await scanPage(doc, picture);
      page.drawImage(await doc.embedPng(picture), { x: 0, y: 0, width: 100, height: 140 });
    });
    for (const bytes of [partial, annotated, twoPictures]) {
      const page = await (await openPdf(bytes)).getPage(1);
      expect(await scannedPage(page, 300, DEFAULT_LIMITS)).toBeUndefined();
    }
  });
});
