import { drawObject, fill, PDFDocument, PDFName, PDFOperator, popGraphicsState, pushGraphicsState, rectangle } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openPdf, renderPage } from './pdf-pages.js';
import { budgetPixels, drawingCosts, MIN_RENDER_DPI, RENDER_BUDGET_BYTES } from './render-budget.js';

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
  const tile = doc.context.stream('0 0 10 10 re f', { Type: 'Pattern', PatternType: 1, PaintType: 1, TilingType: 1, BBox: [0, 0, 10, 10], XStep: 20, YStep: 20, Resources: {} });
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
    expect(await drawingCosts(page)).toEqual({ layers: 0, patterns: 1 });
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
});
