/**
 * Where ingest's memory goes: peak RSS of one process ingesting a generated
 * scanned PDF, for a few settings, each in its own child process (peak RSS is
 * per process). Prints one line per variant against the first as baseline.
 *   npm run bench:memory [-- --pages 16] [--dpi 150] [--stamp] [--tiff] [--variants 4]
 * --dpi is the scan's own resolution; --stamp draws a word on every page, so the
 * pages are no longer pure scans and are drawn by pdf.js; --tiff gives the same
 * pages as one multi-page TIFF (300 DPI, grey), an image document that also gets
 * a searchable PDF; --variants runs only the first n settings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { TEST_KDF } from '../src-main/crypto/kdf.js';
import { createIngest } from '../src-main/ingest/ingest-service.js';
import { scannedPdf, textImage } from '../src-main/ingest/test-fixtures.js';
import type { OcrLanguage } from '../src-main/ocr/tessdata.js';
import { createVault } from '../src-main/vault/open-vault.js';
import { peakRssMb, readStdin, runChild, treeRssSampler } from './lib/child.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const nowMb = () => process.memoryUsage().rss / 1024 / 1024;

if (process.argv.includes('--child')) {
  const workers = Number(arg('workers', '2'));
  const langs = arg('langs', 'eng,deu,fra').split(',') as OcrLanguage[];
  const pdf = await readStdin();
  const root = await mkdtemp(join(tmpdir(), 'lockleaf-mem-'));
  const vault = await createVault(join(root, 'vault'), 'bench passphrase', { kdfCost: TEST_KDF });
  const ingest = createIngest(vault, { dataDir: root, workers, langs });
  const loaded = nowMb();
  let highest = 0;
  const sampler = setInterval(() => (highest = Math.max(highest, nowMb())), 50);
  const tree = treeRssSampler();
  const t0 = performance.now();
  ingest.queue.start();
  const added = await ingest.queue.enqueue({ bytes: pdf, name: 'scan' });
  await ingest.queue.idle();
  clearInterval(sampler);
  const { childMb: reader, totalMb: together } = tree.stop();
  const [job] = await ingest.queue.list();
  let archiveBytes = 0;
  for await (const part of (await vault.openArchive(added.documentId)) ?? []) archiveBytes += (part as Buffer).length;
  await ingest.close();
  await vault.close();
  await rm(root, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      loaded,
      peak: peakRssMb(),
      reader,
      together,
      sampled: highest,
      seconds: (performance.now() - t0) / 1000,
      state: job?.state,
      archiveBytes,
    }),
  );
  process.exit(0);
}

const pages = arg('pages', '16');
const dpi = Number(arg('dpi', '150'));
const variants = [
  { name: '2 workers, eng+deu+fra', args: ['--workers', '2', '--langs', 'eng,deu,fra'] },
  { name: '2 workers, eng', args: ['--workers', '2', '--langs', 'eng'] },
  { name: '1 worker, eng+deu+fra', args: ['--workers', '1', '--langs', 'eng,deu,fra'] },
  { name: '1 worker, eng', args: ['--workers', '1', '--langs', 'eng'] },
];
const stamp = process.argv.includes('--stamp');
const tiff = process.argv.includes('--tiff');
const lines = Array.from({ length: Number(pages) }, (_, i) => [
  `Scanned statement page ${i + 1}`,
  `Balance carried forward ${1000 + i}`,
]);
let pdf: Buffer;
if (tiff) {
  console.log(`ingest memory: generated ${pages}-page TIFF (A4 at 300 DPI, grey, LZW), with its searchable PDF`);
  const images = await Promise.all(lines.map((l) => textImage(l, { width: 2480, height: 3508 })));
  pdf = await sharp(images, { join: { animated: true } })
    .toColourspace('b-w')
    .withDensity(300)
    .tiff({ compression: 'lzw' })
    .toBuffer();
} else {
  console.log(
    `ingest memory: generated ${pages}-page PDF scanned at ${dpi} DPI${stamp ? ' with a stamp on every page' : ''} (A4, read at 300 DPI)`,
  );
  pdf = await scannedPdf(lines, { dpi });
}
if (stamp) {
  const doc = await PDFDocument.load(pdf);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const page of doc.getPages()) page.drawText('PAID', { x: 400, y: 700, size: 24, font });
  pdf = Buffer.from(await doc.save());
}
let base: number | undefined;
for (const v of variants.slice(0, Number(arg('variants', String(variants.length))))) {
  const out = runChild(import.meta.filename, ['--child', ...v.args], pdf);
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
    loaded: number;
    peak: number;
    reader: number;
    together: number;
    seconds: number;
    state: string;
    archiveBytes: number;
  };
  base ??= r.together;
  // The reader is a process of its own: "together" (sampled every 50 ms) is the figure to hold against the target.
  console.log(
    `${v.name.padEnd(26)} after load ${r.loaded.toFixed(0).padStart(5)} MB  peak RSS app ${r.peak.toFixed(0).padStart(5)} MB, reader ${r.reader.toFixed(0).padStart(4)} MB, together ${r.together.toFixed(0).padStart(5)} MB  (${(r.together / base).toFixed(2)}x)  ${r.seconds.toFixed(0)} s  ${r.state}${r.archiveBytes ? `, searchable PDF ${(r.archiveBytes / 1e6).toFixed(1)} MB` : ''}`,
  );
}
