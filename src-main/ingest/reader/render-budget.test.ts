import {
  drawObject,
  fill,
  PDFDocument,
  PDFName,
  PDFOperator,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  StandardFonts,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { textImage } from '../test-fixtures.js';
import { openPdf, renderPage } from './pdf-pages.js';
import { budgetPixels, drawingCosts, drawnWhole, MIN_RENDER_DPI, RENDER_BUDGET_BYTES } from './render-budget.js';

/** An A4 page that draws a transparency-group form `groups` times (each becomes a temporary canvas in pdf.js). */
async function layeredPdf(groups: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const form = doc.context.formXObject([pushGraphicsState(), rectangle(50, 50, 200, 100), fill(), popGraphicsState()], {
    BBox: [0, 0, 595, 842],
    Group: doc.context.obj({ S: 'Transparency' }),
  });
  const name = page.node.newXObject('G', doc.context.register(form));
  page.pushOperators(...Array.from({ length: groups }, () => drawObject(name)));
  return doc.save();
}

/** A page filled with a tiling pattern (pdf.js draws its tile on a canvas of its own at every render). */
async function patternPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const tile = doc.context.stream('0 0 10 10 re f', {
    Type: 'Pattern',
    PatternType: 1,
    PaintType: 1,
    TilingType: 1,
    BBox: [0, 0, 10, 10],
    XStep: 20,
    YStep: 20,
    Resources: {},
  });
  const resources = page.node.normalizedEntries().Resources;
  resources.set(PDFName.of('Pattern'), doc.context.obj({ P1: doc.context.register(tile) }));
  page.pushOperators(
    PDFOperator.of('cs' as never, [PDFName.of('Pattern')]),
    PDFOperator.of('scn' as never, [PDFName.of('P1')]),
    rectangle(0, 0, 595, 842),
    fill(),
  );
  return doc.save();
}

describe('render budget', () => {
  it('counts tiling patterns apart from layers, and draws such a page whole and correctly', async () => {
    const doc = await openPdf(await patternPdf());
    const page = await doc.getPage(1);
    expect(await drawingCosts(page)).toEqual({ layers: 0, patterns: 1, largestPicture: 0 });
    const grey = await renderPage(doc, page, 72, 20_000_000, 10_000);
    // 10 pt squares every 20 pt: about a quarter of the page is ink.
    const ink = grey.data.filter((v) => v < 128).length / grey.data.length;
    expect(ink).toBeGreaterThan(0.2);
    expect(ink).toBeLessThan(0.3);
  });

  it('leaves layer-free pages alone and scales layered ones down, never below 100 DPI', () => {
    const a4 = 595 * 842;
    expect(budgetPixels(0, a4)).toBe(RENDER_BUDGET_BYTES / 4);
    expect(budgetPixels(0, a4)).toBeGreaterThan(a4 * (300 / 72) ** 2);
    expect(budgetPixels(10, a4)).toBeCloseTo(RENDER_BUDGET_BYTES / 4 / 11);
    expect(budgetPixels(10_000, a4)).toBeCloseTo(a4 * (MIN_RENDER_DPI / 72) ** 2);
  });

  it('counts transparency groups and draws a heavily layered page at a lower resolution', async () => {
    const plain = await openPdf(await layeredPdf(0));
    const layered = await openPdf(await layeredPdf(60));
    const [p0, p60] = [await plain.getPage(1), await layered.getPage(1)];
    expect((await drawingCosts(p0)).layers).toBe(0);
    expect((await drawingCosts(p60)).layers).toBe(60);
    expect((await renderPage(plain, p0, 300, 20_000_000)).dpi).toBe(300);
    const small = await renderPage(layered, p60, 300, 20_000_000);
    expect(small.dpi).toBeLessThan(300);
    expect(small.dpi).toBeGreaterThanOrEqual(MIN_RENDER_DPI);
    expect(small.width * small.height * (1 + 60) * 4).toBeLessThanOrEqual(RENDER_BUDGET_BYTES * 1.01);
  });

  it('measures the largest picture, and draws a scan with a stamp on it whole and correctly', async () => {
    const bytes = await (async () => {
      const doc = await PDFDocument.create();
      const page = doc.addPage([595, 842]);
      const scan = await doc.embedPng(await textImage(['Scanned statement page'], { width: 1240, height: 1754 }));
      page.drawImage(scan, { x: 0, y: 0, width: 595, height: 842 });
      page.drawImage(scan, { x: 0, y: 0, width: 60, height: 84 }); // a smaller copy: the largest counts
      page.drawText('PAID', { x: 400, y: 700, size: 48, font: await doc.embedFont(StandardFonts.HelveticaBold) });
      return doc.save();
    })();
    const doc = await openPdf(bytes);
    const page = await doc.getPage(1);
    expect(await drawingCosts(page)).toEqual({ layers: 0, patterns: 0, largestPicture: 1240 * 1754 });
    // Bands smaller than the picture: drawn whole. Same pixels as bands larger than the page.
    const whole = await renderPage(doc, page, 150, 20_000_000, 100_000);
    const oneBand = await renderPage(doc, page, 150, 20_000_000, 20_000_000);
    expect([whole.width, whole.height]).toEqual([oneBand.width, oneBand.height]);
    expect(Buffer.compare(Buffer.from(whole.data), Buffer.from(oneBand.data))).toBe(0);
    // The stamp, top right: 48 pt bold letters at 150 DPI.
    const stampInk = (() => {
      let n = 0;
      for (let y = Math.round(((842 - 745) * 150) / 72); y < Math.round(((842 - 695) * 150) / 72); y++) {
        for (let x = Math.round((400 * 150) / 72); x < Math.round((540 * 150) / 72); x++)
          if (whole.data[y * whole.width + x]! < 128) n++;
      }
      return n;
    })();
    expect(stampInk).toBeGreaterThan(2000);
  });

  it('draws a page whole when its layers, patterns or largest picture would cost more in bands', () => {
    const a4At300 = 2480 * 3508;
    const band = 2_000_000;
    const none = { layers: 0, patterns: 0, largestPicture: 0 };
    expect(drawnWhole(none, a4At300, band)).toBe(false); // vector text
    expect(drawnWhole({ ...none, largestPicture: 1240 * 1754 }, a4At300, band)).toBe(false); // a 150 DPI scan
    expect(drawnWhole({ ...none, largestPicture: 2480 * 3508 }, a4At300, band)).toBe(true); // a 300 DPI scan with a stamp
    expect(drawnWhole({ ...none, largestPicture: 4960 * 7016 }, a4At300, band)).toBe(true); // 600 DPI
    expect(drawnWhole({ ...none, largestPicture: 4960 * 7016 }, a4At300, Number.MAX_SAFE_INTEGER)).toBe(false); // one band anyway
    expect(drawnWhole({ ...none, layers: 1 }, a4At300, band)).toBe(true);
    expect(drawnWhole({ ...none, patterns: 1 }, a4At300, band)).toBe(true);
  });
});
