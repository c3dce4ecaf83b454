import { drawObject, fill, PDFDocument, popGraphicsState, pushGraphicsState, rectangle } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openPdf, renderPage } from './pdf-pages.js';
import { budgetPixels, layerCount, MIN_RENDER_DPI, RENDER_BUDGET_BYTES } from './render-budget.js';

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

describe('render budget', () => {
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
    expect(await layerCount(p0)).toBe(0);
    expect(await layerCount(p60)).toBe(60);
    expect((await renderPage(plain, p0, 300, 20_000_000)).dpi).toBe(300);
    const small = await renderPage(layered, p60, 300, 20_000_000);
    expect(small.dpi).toBeLessThan(300);
    expect(small.dpi).toBeGreaterThanOrEqual(MIN_RENDER_DPI);
    expect(small.width * small.height * (1 + 60) * 4).toBeLessThanOrEqual(RENDER_BUDGET_BYTES * 1.01);
  });
});
