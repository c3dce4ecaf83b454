import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Worker } from 'tesseract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textImage } from '../../src-main/ingest/test-fixtures.js';
import { prepareTessdata } from '../../src-main/ocr/tessdata.js';
import { engineRead, engineWorker } from './engine-read.js';

describe('bench/ocr: bare tesseract.js', () => {
  let dir: string;
  let worker: Worker;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockleaf-engine-read-'));
    worker = await engineWorker(['eng'], await prepareTessdata(join(dir, 'data'), ['eng']));
  });

  afterAll(async () => {
    await worker?.terminate();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a page the engine cannot decode (a Deflate TIFF) and reads the pages around it', async () => {
    const page = await textImage(['Invoice number 4471'], { width: 900, height: 300 });
    const tiff = join(dir, 'deflate.tif');
    const png = join(dir, 'page.png');
    await writeFile(tiff, await sharp(page).tiff({ compression: 'deflate' }).toBuffer());
    await writeFile(png, page);

    const read = await engineRead([worker], [tiff, png, tiff]);

    expect([...read.failed.keys()]).toEqual([tiff]);
    expect(read.failed.get(tiff)).toMatch(/read image/);
    expect(read.text.get(png)).toMatch(/Invoice number 4471/);
  });
});
