import { describe, expect, it } from 'vitest';
import { scannedPdf, textPdf } from '../test-fixtures.js';
import { openPdf, renderPage } from './pdf-pages.js';

describe('banded rendering', () => {
  it('draws the same grey page in bands as in one piece', async () => {
    // Vector text (glyphs cut by band edges), and a 150 DPI scan drawn at 300 DPI in bands
    // larger than its picture (pages with a picture larger than a band are drawn whole).
    const vector = await openPdf(
      new Uint8Array(
        await textPdf([Array.from({ length: 30 }, (_, i) => `Line ${i} of a statement, crossing band edges`)]),
      ),
    );
    const scan = await openPdf(
      new Uint8Array(await scannedPdf([['Scanned page drawn in bands', 'second line of the scan']])),
    );
    for (const [doc, dpi, band] of [
      [vector, 150, 40_000],
      [scan, 300, 2_500_000],
    ] as const) {
      const page = await doc.getPage(1);
      const whole = await renderPage(doc, page, dpi, 20_000_000, Number.MAX_SAFE_INTEGER);
      const banded = await renderPage(doc, page, dpi, 20_000_000, band); // vector: bands of ~64 rows; scan: 4
      expect([banded.width, banded.height, banded.data.length]).toEqual([
        whole.width,
        whole.height,
        whole.width * whole.height,
      ]);
      let differing = 0;
      let ink = 0;
      for (let i = 0; i < whole.data.length; i++) {
        if (Math.abs(whole.data[i]! - banded.data[i]!) > 8) differing++;
        if (whole.data[i]! < 128) ink++;
      }
      expect(ink).toBeGreaterThan(1000); // something was drawn
      expect(differing / whole.data.length).toBeLessThan(0.001);
    }
    await vector.destroy();
    await scan.destroy();
  });
});
