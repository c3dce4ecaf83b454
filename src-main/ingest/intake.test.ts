import { describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { checkPixels, checkSize, DEFAULT_LIMITS, inspect } from './intake.js';
import { textImage } from './test-fixtures.js';

describe('intake refusals', () => {
  it("refuses an image whose header cannot be read with a sentence, keeping the library's words as the cause", async () => {
    // A PNG cut inside its header: its type shows, its size cannot be read.
    const png = await textImage(['cut']);
    const error = await checkPixels(png.subarray(0, 20), DEFAULT_LIMITS).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isLockleafError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
    expect(error.code).toBe('DOCUMENT_DAMAGED');
    expect(error.message).toBe('The image is damaged or cut short, so Lockleaf cannot read it.');
    expect((error.cause as Error).message).toMatch(/corrupt header/);
  });

  it('says why a file cannot be opened in words, not as a system error code', async () => {
    const missing = '/nonexistent-lockleaf-dir/statement.pdf';
    const error = await checkSize(missing, DEFAULT_LIMITS).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isLockleafError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe(`Cannot read ${missing}: there is no such file.`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it("reads only the bytes' signature in the app's process: an image's header is left to a reader process", async () => {
    const png = await textImage(['cut']);
    // The header is cut, but what the file is shows: the size check happens in the reader (ReaderClient.probe).
    expect(await inspect(png.subarray(0, 20), DEFAULT_LIMITS)).toEqual({ mime: 'image/png', kind: 'image' });
  });
});
