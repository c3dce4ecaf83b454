import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { isLockleafError, type LockleafError } from '../../errors.js';
import { DEFAULT_LIMITS } from '../intake.js';
import { textImage } from '../test-fixtures.js';
import { ReaderClient } from './reader-client.js';

const readers: ReaderClient[] = [];
const reader = () => {
  const r = new ReaderClient(120_000);
  readers.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
});

async function refusal(work: Promise<unknown>): Promise<LockleafError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isLockleafError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/** Whether a grey PNG has ink (dark pixels) in the given rows. */
async function inkIn(png: Uint8Array, fromRow: number, toRow: number): Promise<boolean> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  for (let i = fromRow * info.width; i < toRow * info.width; i++) if (data[i]! < 100) return true;
  return false;
}

describe('reader memory limit', () => {
  it('stops a file that takes the reader past its memory limit and refuses it as too complex; the same file reads within the default', async () => {
    // A 40 MP interlaced PNG: libvips holds the whole decoded image (120 MB) to de-interlace it.
    const png = await sharp({ create: { width: 8000, height: 5000, channels: 3, background: '#f4f1ea' } })
      .png({ progressive: true })
      .toBuffer();
    const small = await textImage(['a page that fits']);
    const tight = { ...DEFAULT_LIMITS, maxMemoryBytes: 250 * 1024 * 1024 };

    const r = reader();
    // The reader is its own process, measured alone: a small page reads within the tight limit...
    await r.open(small, 'image', tight);
    expect(await r.page(0)).toMatchObject({ width: expect.any(Number) });
    await r.reset();
    // ...and the large one takes it past the limit, so its watchdog ends it.
    const error = await refusal(r.open(png, 'image', tight).then(() => r.page(0)));
    expect(error.code).toBe('FILE_TOO_COMPLEX');
    expect(error.message).toMatch(
      /^Reading this file needed more memory than Lockleaf allows \(\d+\.\d GB\), so it was stopped\./,
    );
    expect(r.healthy).toBe(false);

    const roomy = reader();
    await roomy.open(png, 'image', DEFAULT_LIMITS);
    expect(await roomy.page(0)).toMatchObject({ width: expect.any(Number) });
  });

  it('a reader that crashes fails only its file, with a sentence', async () => {
    const r = reader();
    await r.open(await textImage(['x']), 'image', DEFAULT_LIMITS);
    // What a native crash in a parser looks like from here: the process ends by a signal.
    (r as unknown as { child: { kill(): Promise<void> } }).child.kill();
    const error = await refusal(r.page(0));
    expect(error).toMatchObject({ code: 'DOCUMENT_DAMAGED', message: 'Reading the file crashed its reader.' });
    const next = reader();
    await next.open(await textImage(['next file']), 'image', DEFAULT_LIMITS);
    expect(await next.page(0)).toMatchObject({ width: expect.any(Number) });
  });
});

describe('reader refusals', () => {
  it('reads what a truncated JPEG or PNG has, the rest blank, as image viewers do', async () => {
    const page = await textImage([
      'Statement of account',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'Closing balance 1200',
    ]);
    for (const whole of [await sharp(page).jpeg().toBuffer(), page]) {
      const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
      const r = reader();
      await r.open(cut, 'image', DEFAULT_LIMITS);
      const read = await r.page(0);
      expect(read).toMatchObject({ width: 1240, height: 1754 });
      expect(await inkIn(read.png!, 0, 400)).toBe(true); // the first line survived
    }
  });

  it("gives a named code and a sentence, not the library's words, for an image it cannot read", async () => {
    const tiff = await sharp(await textImage(['cut']))
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const r = reader();
    const error = await refusal(r.open(tiff.subarray(0, 300), 'image', DEFAULT_LIMITS));
    expect(error.code).toBe('DOCUMENT_DAMAGED');
    expect(error.message).toBe('The image is damaged or cut short, so Lockleaf cannot read it.');
    // The library's words stay with the error (and the debug log), not in the refusal.
    expect((error.cause as Error).message).toMatch(/unsupported image format/);
    expect(r.healthy).toBe(true);
  });

  it('does the same for a PDF it cannot parse', async () => {
    const r = reader();
    const error = await refusal(
      r.open(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n'), 'pdf', DEFAULT_LIMITS),
    );
    expect(error.code).toBe('DOCUMENT_DAMAGED');
    expect(error.message).toBe('The PDF is damaged or cut short, so Lockleaf cannot read it.');
    expect((error.cause as Error).message).not.toBe(error.message);
  });
});

describe('reader environment', () => {
  it('passes the reader what it needs to run and no passphrase', async () => {
    const { readerEnv } = await import('./reader-process.js');
    const env = readerEnv({
      PATH: '/usr/bin',
      TMPDIR: '/tmp/x',
      LOCKLEAF_PASSPHRASE: 'correct horse battery',
      LOCKLEAF_SECRET_KEY: 'A3-XXXX',
      AWS_SECRET_ACCESS_KEY: 's3cr3t',
    });
    expect(env).toEqual({ PATH: '/usr/bin', TMPDIR: '/tmp/x' });
  });
});

describe('reader probe', () => {
  it("checks an image's header in the reader: a pixel bomb and a cut header are refused with their reasons", async () => {
    const { pixelBombPng } = await import('../test-fixtures.js');
    const r = reader();
    await expect(r.probe(pixelBombPng(), 'image', DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' });
    const cut = (await textImage(['cut'])).subarray(0, 20);
    await expect(r.probe(cut, 'image', DEFAULT_LIMITS)).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
      message: 'The image is damaged or cut short, so Lockleaf cannot read it.',
    });
    await r.probe(await textImage(['fine']), 'image', DEFAULT_LIMITS);
    expect(r.healthy).toBe(true);
  });
});
