import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textImage } from '../ingest/test-fixtures.js';
import { tempDir } from '../vault/test-support.js';
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
    lines.map((l, i) => `<text x="${x}" y="${120 + i * 44}" font-family="DejaVu Serif, serif" font-size="28" fill="#111">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="900"><rect width="100%" height="100%" fill="#fff"/>${column(80, left)}${column(680, right)}</svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
}

it('reads each column on its own (automatic page segmentation, as the tesseract command does)', async () => {
  const words = 'harbour meadow river orchard garden valley forest market bridge castle island mountain'.split(' ');
  const left = words.map((w, i) => `left ${w} number ${i + 1} of the first`);
  const right = words.map((w, i) => `right ${w} line ${i + 1} in the second`);
  const { text } = await pool.recognize(await twoColumns(left, right));
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // Read as one block of text (tesseract's library default), each line would run across both columns.
  for (const line of [...left, ...right]) expect(lines).toContain(line);
}, 60_000);

it('starts the orientation worker when a page needs it and stops it once idle', async () => {
  const upright = await textImage(['Orientation check for a page', 'scanned the wrong way round', 'with several lines of text', 'so the detector has enough']);
  const turned = await sharp(upright).rotate(90).greyscale().png().toBuffer();
  expect(pool.orientationRunning).toBe(false);
  expect(await pool.orientation(turned)).toMatchObject({ rotate: 270 });
  expect(pool.orientationRunning).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(pool.orientationRunning).toBe(false);
  // Started again on demand.
  expect(await pool.orientation(turned)).toMatchObject({ rotate: 270 });
}, 60_000);
