import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OCR_MAX_PIXELS, toOcrPng } from './image-pages.js';

describe('OCR image size', () => {
  it('scales a large photo down to the OCR pixel cap, keeping its shape, and leaves an A4 scan as it is', async () => {
    const photo = sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#ffffff' } }).png();
    const big = await toOcrPng(sharp(await photo.toBuffer()));
    expect(big.width * big.height).toBeLessThanOrEqual(OCR_MAX_PIXELS);
    expect(big.width * big.height).toBeGreaterThan(OCR_MAX_PIXELS * 0.99);
    expect(big.width / big.height).toBeCloseTo(8000 / 6000, 2);

    const a4 = sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#ffffff' } }).png();
    expect(await toOcrPng(sharp(await a4.toBuffer()))).toMatchObject({ width: 2480, height: 3508 });
  });
});
