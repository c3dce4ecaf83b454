/**
 * bench/scanned-pdf: does reading a scanned PDF page from its picture,
 * resampled by libvips (scanned-page.ts with `resample`), read as well as
 * drawing it with pdf.js? Lockleaf takes the picture only when it is at 300 DPI
 * already (identical pixels); this decides whether it could at others. Each English page
 * image in ../shared/corpus/ocr is wrapped in a one-page PDF as a scan at the
 * given resolutions, taken to 300 DPI both ways, and read by one tesseract.js
 * worker with Lockleaf's settings. Prints word error rate for both, per page
 * and overall (the render path is the baseline).
 *
 * By default each image is wrapped as it is, so the page's size follows the
 * resolution and OCR sees the text larger (below 300 DPI) or smaller (above).
 * With --as-scanned the page keeps the size it has at 300 DPI and the image is
 * first resized to the given resolution (lanczos3), as if the same page had
 * been scanned at it: OCR then sees the text at its own size both ways.
 *
 *   npm run bench:scanned-pdf [-- 150 200 300] [--as-scanned]
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { createWorker, OEM, PSM } from 'tesseract.js';
import { DEFAULT_LIMITS } from '../src-main/ingest/intake.js';
import { fromPixels, toOcrPng } from '../src-main/ingest/reader/image-pages.js';
import { OCR_DPI, OCR_MAX_PIXELS, openPdf, renderPage } from '../src-main/ingest/reader/pdf-pages.js';
import { scannedPage } from '../src-main/ingest/reader/scanned-page.js';
import { bundledFile } from '../src-main/ocr/tessdata.js';
import { bagWer, corpusDir } from './lib/corpus.js';

const dir = corpusDir('ocr');
if (!dir) {
  console.log('bench/scanned-pdf: skipped — ../shared/corpus/ocr is not present');
  process.exit(0);
}
const resolutions = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const asScanned = process.argv.includes('--as-scanned');
const rows = (await readFile(join(dir, 'index.tsv'), 'utf8'))
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t') as [string, string, string])
  .filter(([image, , language]) => language === 'eng' && !image.includes('rotated')); // upright pages: no orientation pass here

const worker = await createWorker(['eng'], OEM.LSTM_ONLY, {
  langPath: dirname(bundledFile('eng')),
  gzip: true,
  cacheMethod: 'none',
});
await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
const read = async (png: Buffer) => (await worker.recognize(png, { rotateAuto: true })).data.text;

for (const dpi of resolutions.length ? resolutions : [150, 200, 300]) {
  console.log(
    `\n${asScanned ? 'page scanned' : 'image wrapped'} at ${dpi} DPI, read at ${OCR_DPI}  WER rendered  WER from picture`,
  );
  let rendered = 0;
  let direct = 0;
  let words = 0;
  for (const [image, truth] of rows) {
    const source = sharp(join(dir, '..', image));
    const { width = 0, height = 0 } = await source.metadata();
    const scan = await (asScanned ? source.resize(Math.round((width * dpi) / OCR_DPI)) : source)
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const doc = await PDFDocument.create();
    const pageDpi = asScanned ? OCR_DPI : dpi;
    const page = doc.addPage([(width / pageDpi) * 72, (height / pageDpi) * 72]);
    page.drawImage(await doc.embedPng(scan), { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    const pdf = await openPdf(await doc.save());
    const pdfPage = await pdf.getPage(1);
    const raw = await renderPage(pdf, pdfPage, OCR_DPI, OCR_MAX_PIXELS);
    const viaRender = await toOcrPng(fromPixels(raw.data, raw.width, raw.height, 1, DEFAULT_LIMITS), { dpi: raw.dpi });
    const viaPicture = await scannedPage(pdfPage, OCR_DPI, DEFAULT_LIMITS, { resample: true });
    await pdf.destroy();
    if (!viaPicture) throw new Error(`${image}: not taken for a scanned page`);
    const reference = await readFile(join(dir, '..', truth), 'utf8');
    const r = bagWer(reference, await read(viaRender.png));
    const d = bagWer(reference, await read(viaPicture.png));
    rendered += r.errors;
    direct += d.errors;
    words += r.words;
    console.log(
      `${image.slice(4).padEnd(42)} ${(r.errors / r.words).toFixed(3).padStart(12)}  ${(d.errors / d.words).toFixed(3).padStart(16)}`,
    );
  }
  console.log(
    `all words (${words})`.padEnd(43),
    (rendered / words).toFixed(3).padStart(12),
    ` ${(direct / words).toFixed(3).padStart(16)}  (${(direct / rendered).toFixed(2)}× rendered)`,
  );
}
await worker.terminate();
