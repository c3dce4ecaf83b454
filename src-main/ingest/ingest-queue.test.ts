import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from './process-job.js';
import { OcrPool } from '../ocr/ocr-pool.js';
import { tempDir, tempVault } from '../vault/test-support.js';
import { DEFAULT_LIMITS } from './intake.js';
import { IngestQueue } from './ingest-queue.js';
import { openPdf } from './reader/pdf-pages.js';
import { encryptedPdf, pixelBombPng, scannedPdf, textImage, textPdf } from './test-fixtures.js';

let ocr: OcrPool;
let ocrDir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  ocrDir = await tempDir();
  ocr = await OcrPool.create({ langs: ['eng'], workers: 2, dataDir: ocrDir.dir });
}, 120_000);
afterAll(async () => {
  await ocr.close();
  await ocrDir.cleanup();
});

let t: Awaited<ReturnType<typeof tempVault>>;
let queue: IngestQueue;
let events: JobProgress[];
beforeEach(async () => {
  t = await tempVault();
  queue = new IngestQueue(t.vault, ocr, { ...DEFAULT_LIMITS, maxBytes: 5 * 1024 * 1024 });
  events = [];
  queue.on('progress', (p) => events.push(p));
  queue.start();
});
afterEach(async () => {
  await queue.stop();
  await t.cleanup();
});

async function ingest(bytes: Buffer, name: string) {
  const result = await queue.enqueue({ bytes, name });
  await queue.idle();
  if (result.status !== 'queued') throw new Error('expected a queued job');
  const job = (await queue.list()).find((j) => j.id === result.jobId)!;
  return { ...result, job, doc: await t.vault.get(result.documentId) };
}

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

describe('ingest', () => {
  it('takes the text layer of a born-digital PDF, page by page, without OCR', async () => {
    const pdf = await textPdf([['Tenancy agreement between Anna and Bob'], ['Deposit of 1500 EUR paid on signing']]);
    const { job, doc } = await ingest(pdf, 'lease.pdf');
    expect(job).toMatchObject({ state: 'done', pagesTotal: 2, pagesDone: 2, error: null });
    expect(doc.pages.map((p) => p.text)).toEqual([
      'Tenancy agreement between Anna and Bob',
      'Deposit of 1500 EUR paid on signing',
    ]);
    expect(doc.pages.every((p) => p.confidence === null)).toBe(true);
    expect((await t.vault.search('deposit')).map((h) => h.id)).toEqual([doc.id]);
    expect(await t.vault.thumbnail(doc.id)).toMatchObject({ mime: 'image/webp' });
    expect(await t.vault.openArchive(doc.id)).toBeUndefined();
    // Progress went through every state, with per-page events.
    const states = events.map((e) => e.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('reading');
    expect(
      events
        .filter((e) => e.page !== undefined)
        .map((e) => e.page)
        .sort(),
    ).toEqual([1, 2]);
    expect(states.at(-1)).toBe('done');
  });

  it('OCRs a scanned PDF and a photographed page, and stores a searchable PDF for the image', async () => {
    const scan = await ingest(
      await scannedPdf([['Insurance policy number 88231', 'Premium due every March']]),
      'scan.pdf',
    );
    expect(scan.job.state).toBe('done');
    expect(words(scan.doc.pages[0]!.text)).toEqual(
      expect.arrayContaining(['insurance', 'policy', 'number', '88231', 'premium', 'march']),
    );
    expect(scan.doc.pages[0]!.confidence).toBeGreaterThan(0.6);

    const photo = await ingest(
      await sharp(await textImage(['Pharmacy receipt', 'Ibuprofen 400 mg']))
        .jpeg()
        .toBuffer(),
      'IMG_0001.jpg',
    );
    expect(words(photo.doc.pages[0]!.text)).toEqual(expect.arrayContaining(['pharmacy', 'receipt', 'ibuprofen']));
    const archive = await t.vault.openArchive(photo.doc.id);
    const parts: Buffer[] = [];
    for await (const p of archive!) parts.push(p as Buffer);
    expect(Buffer.concat(parts).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.vault.search('ibuprofen')).map((h) => h.id)).toEqual([photo.doc.id]);
  });

  it('honours EXIF orientation and turns upside-down pages before OCR', async () => {
    const page = await textImage(['Vaccination certificate', 'Tetanus booster given'], { width: 1400, height: 900 });
    // Stored sideways, with EXIF saying "rotate 90° clockwise to view".
    const exif = await sharp(page).rotate(270).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const a = await ingest(exif, 'exif.jpg');
    expect(words(a.doc.pages[0]!.text)).toEqual(expect.arrayContaining(['vaccination', 'certificate', 'tetanus']));
    // Upside down with no EXIF at all: only the page itself says which way is up.
    const flipped = await sharp(await textImage(['Electricity bill for October', 'Meter reading 4521 kWh']))
      .rotate(180)
      .png()
      .toBuffer();
    const b = await ingest(flipped, 'flipped.png');
    expect(words(b.doc.pages[0]!.text)).toEqual(expect.arrayContaining(['electricity', 'bill', 'october', 'meter']));
  });

  it('stores the searchable PDF of an image document whose reading was interrupted and resumed', async () => {
    const lines = ['Payslip for January', 'Payslip for February', 'Payslip for March', 'Payslip for April'];
    const tiff = await sharp(await Promise.all(lines.map((l) => textImage([l]))), { join: { animated: true } })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    // Page 1 read before the interruption: the resumed job skips it, and still needs its thumbnail.
    const firstPage = new Promise<void>((resolve) => queue.on('progress', (p) => p.page === 1 && resolve()));
    const result = await queue.enqueue({ bytes: tiff, name: 'payslips.tiff' });
    if (result.status !== 'queued') throw new Error('expected a queued job');
    await firstPage;
    await queue.stop(); // as when the app quits mid-job
    expect((await queue.list())[0]!.pagesDone).toBeLessThan(4);

    queue = new IngestQueue(t.vault, ocr, DEFAULT_LIMITS);
    queue.start();
    await queue.idle();
    expect((await queue.list())[0]).toMatchObject({ state: 'done', pagesDone: 4 });
    expect(await t.vault.thumbnail(result.documentId)).toMatchObject({ mime: 'image/webp' });
    const parts: Buffer[] = [];
    for await (const p of (await t.vault.openArchive(result.documentId))!) parts.push(p as Buffer);
    const archive = await openPdf(new Uint8Array(Buffer.concat(parts)));
    expect(archive.numPages).toBe(4);
    for (const [i, line] of lines.entries()) {
      const text = ((await (await archive.getPage(i + 1)).getTextContent()).items as Array<{ str: string }>)
        .map((x) => x.str)
        .join(' ');
      expect(words(text)).toEqual(expect.arrayContaining(words(line)));
    }
    await archive.destroy();
    // Kept only until the archive was built.
    expect(await t.vault.context.db.read.all('SELECT page_no FROM page_pdfs')).toEqual([]);
  });

  it('reads each page of a multi-page TIFF', async () => {
    const pages = [
      await textImage(['First page about the mortgage']),
      await textImage(['Second page lists the interest rate']),
    ];
    const tiff = await sharp(pages, { join: { animated: true } })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const { job, doc } = await ingest(tiff, 'scan.tiff');
    expect(job.pagesTotal).toBe(2);
    expect(words(doc.pages[0]!.text)).toContain('mortgage');
    expect(words(doc.pages[1]!.text)).toContain('interest');
  });

  it('refuses what it cannot read, with reasons, storing nothing', async () => {
    await expect(
      queue.enqueue({ bytes: Buffer.from('just some text, named like a PDF'), name: 'fake.pdf' }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: expect.stringMatching(/Lockleaf reads PDF, JPEG, PNG, TIFF, WebP or HEIC/),
    });
    await expect(queue.enqueue({ bytes: pixelBombPng(), name: 'bomb.png' })).rejects.toMatchObject({
      code: 'TOO_MANY_PIXELS',
      message: expect.stringMatching(/40000×40000/),
    });
    await expect(
      queue.enqueue({
        bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024)]),
        name: 'big.pdf',
      }),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    await expect(queue.enqueue({ path: join(t.root, 'missing.pdf') })).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
    expect(await t.vault.list()).toEqual([]);
  });

  it('keeps the original of a file it fails to read, with the reason, and reports duplicates', async () => {
    const locked = await ingest(await encryptedPdf(), 'statement.pdf');
    expect(locked.job).toMatchObject({
      state: 'failed',
      error: { code: 'PDF_ENCRYPTED', message: expect.stringMatching(/password/) },
    });
    const broken = await ingest(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage'), 'broken.pdf');
    expect(broken.job).toMatchObject({ state: 'failed', error: { code: 'DOCUMENT_DAMAGED' } });
    expect((await t.vault.readContent(broken.doc.id)).toString()).toContain('garbage');
    expect((await t.vault.list()).length).toBe(2);
    expect(
      await queue.enqueue({
        bytes: await encryptedPdf().then(() => t.vault.readContent(locked.doc.id)),
        name: 'again.pdf',
      }),
    ).toMatchObject({ status: 'duplicate', documentId: locked.doc.id });
  });

  it('cancels a job (document to the trash) and retries it', async () => {
    await queue.stop();
    const result = await queue.enqueue({ bytes: await textPdf([['Cancelled contract']]), name: 'c.pdf' });
    if (result.status !== 'queued') throw new Error('expected queued');
    await queue.cancel(result.jobId);
    expect((await queue.list())[0]!.state).toBe('cancelled');
    expect((await t.vault.list({ scope: 'trash' })).map((d) => d.id)).toEqual([result.documentId]);
    await queue.retry(result.jobId);
    queue.start();
    await queue.idle();
    expect((await queue.list())[0]!.state).toBe('done');
    expect((await t.vault.search('cancelled')).map((h) => h.id)).toEqual([result.documentId]);
  });
});
