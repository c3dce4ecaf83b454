import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textImage } from '../ingest/test-fixtures.js';
import { tempDir } from '../vault/test-support.js';
import { openPdf } from '../ingest/reader/pdf-pages.js';
import { OcrPool } from './ocr-pool.js';

let pool: OcrPool;
let data: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  data = await tempDir();
  pool = await OcrPool.create({ langs: ['eng'], workers: 1, dataDir: data.dir, osdIdleMs: 300 });
}, 120_000);
afterAll(async () => {
  await pool.close();
  await data.cleanup();
});

/** Two columns of text side by side, like a newsletter or a statement with a sidebar. */
async function twoColumns(left: string[], right: string[]): Promise<Buffer> {
  const column = (x: number, lines: string[]) =>
    lines
      .map(
        (l, i) =>
          `<text x="${x}" y="${120 + i * 44}" font-family="DejaVu Serif, serif" font-size="28" fill="#111">${l}</text>`,
      )
      .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="900"><rect width="100%" height="100%" fill="#fff"/>${column(80, left)}${column(680, right)}</svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
}

it('reads each column on its own (automatic page segmentation, as the tesseract command does)', async () => {
  const words = 'harbour meadow river orchard garden valley forest market bridge castle island mountain'.split(' ');
  const left = words.map((w, i) => `left ${w} number ${i + 1} of the first`);
  const right = words.map((w, i) => `right ${w} line ${i + 1} in the second`);
  const { text } = await pool.recognize(await twoColumns(left, right));
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Read as one block of text (tesseract's library default), each line would run across both columns.
  for (const line of [...left, ...right]) expect(lines).toContain(line);
}, 60_000);

it('starts the orientation worker when a page needs it and stops it once idle', async () => {
  const upright = await textImage([
    'Orientation check for a page',
    'scanned the wrong way round',
    'with several lines of text',
    'so the detector has enough',
  ]);
  const turned = await sharp(upright).rotate(90).greyscale().png().toBuffer();
  expect(pool.orientationRunning).toBe(false);
  expect(await pool.orientation(turned)).toMatchObject({ rotate: 270 });
  expect(pool.orientationRunning).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(pool.orientationRunning).toBe(false);
  // Started again on demand.
  expect(await pool.orientation(turned)).toMatchObject({ rotate: 270 });
}, 60_000);

it('lays the text of a deskewed page over the page as it was scanned, in its searchable PDF', async () => {
  const lines = [
    'Tenancy agreement for the flat',
    'Rent is due on the first day',
    'of every month by bank transfer',
    'Deposit held by the landlord',
  ];
  const level = await sharp(await textImage(lines, { width: 1400, height: 900 }))
    .removeAlpha()
    .png()
    .toBuffer();
  // Scanned 2° clockwise (sharp turns clockwise), so the lines slope down to the right.
  const skewed = await sharp(level).rotate(2, { background: '#ffffff' }).toColourspace('b-w').png().toBuffer();
  const { text, pdf } = await pool.recognize(skewed, { pdf: true });
  expect(text).toContain('Rent is due');
  const doc = await openPdf(pdf!);
  const page = await doc.getPage(1);
  const items = ((await page.getTextContent()).items as Array<{ str: string; transform: number[] }>).filter((i) =>
    i.str.trim(),
  );
  expect(items.map((i) => i.str).join(' ')).toContain('Tenancy');
  for (const { transform } of items) {
    // On the PDF page y points up: sloping down to the right is a negative angle.
    expect((Math.atan2(transform[1]!, transform[0]!) * 180) / Math.PI).toBeCloseTo(-2, 0);
  }
  // And where it was: the first line starts at (80, 180) on the level page (test-fixtures), turned 2° about its centre.
  const meta = await sharp(skewed).metadata();
  const a = (2 * Math.PI) / 180;
  const [dx, dy] = [80 - 700, 180 - 450];
  const at = {
    x: Math.cos(a) * dx - Math.sin(a) * dy + meta.width! / 2,
    y: Math.sin(a) * dx + Math.cos(a) * dy + meta.height! / 2,
  };
  const pt = page.getViewport({ scale: 1 }).width / meta.width!;
  const first = items.find((i) => i.str.startsWith('Tenancy'))!.transform;
  expect(Math.abs(first[4]! / pt - at.x)).toBeLessThan(4);
  expect(Math.abs((page.getViewport({ scale: 1 }).height - first[5]!) / pt - at.y)).toBeLessThan(4);
  await doc.destroy();
}, 60_000);

it('fails a page tesseract cannot read without throwing in this process, and gives the next page a new worker', async () => {
  const [old] = pool.workerThreads;
  const exited = new Promise((resolve) => old!.once('exit', resolve));
  await expect(pool.recognize(Buffer.from('not an image, though it came as a page'))).rejects.toThrow(/image/i);
  await exited;
  const { text } = await pool.recognize(await textImage(['The page after a bad one', 'reads as usual']));
  expect(text).toContain('The page after a bad one');
  expect(pool.workerThreads).toHaveLength(1);
  expect(pool.workerThreads).not.toContain(old);
}, 60_000);

it('stops a page past its deadline: its worker is terminated and replaced, and the next page reads', async () => {
  const page = await textImage(['A page that is given one millisecond', 'to be read, which is not enough']);
  const [old] = pool.workerThreads;
  const exited = new Promise((resolve) => old!.once('exit', resolve));
  await expect(pool.recognize(page, { timeoutMs: 1 })).rejects.toMatchObject({
    code: 'PROCESSING_TIMEOUT',
    details: { workerLost: true },
  });
  await exited;
  const { text } = await pool.recognize(page);
  expect(text).toContain('A page that is given one millisecond');
  expect(pool.workerThreads).toHaveLength(1);
  expect(pool.workerThreads).not.toContain(old);
}, 60_000);
