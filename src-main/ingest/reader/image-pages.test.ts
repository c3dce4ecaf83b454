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

describe('OCR image colour', () => {
  const transparentInk = () =>
    sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect x="20" y="20" width="60" height="60" fill="#c03020"/></svg>',
      ),
    )
      .png()
      .toBuffer();

  it('keeps a colour photo in colour and flattens transparency onto white', async () => {
    const page = await toOcrPng(sharp(await transparentInk()), { colour: true });
    expect((await sharp(page.png).metadata()).channels).toBe(3);
    const { data, info } = await sharp(page.png).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]); // was transparent: white, not black
    const inside = (50 * info.width + 50) * 3;
    expect([...data.subarray(inside, inside + 3)]).toEqual([0xc0, 0x30, 0x20]);
  });

  it('gives OCR one grey channel otherwise', async () => {
    const page = await toOcrPng(sharp(await transparentInk()));
    expect((await sharp(page.png).metadata()).channels).toBe(1);
    const { data } = await sharp(page.png).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBe(255);
  });
});

describe('OCR image resolution', () => {
  it('records the resolution of a rendered page and keeps it one grey channel', async () => {
    // sharp's withMetadata() also attaches an sRGB profile, which turned rendered pages into
    // three-channel PNGs: three times the bytes for tesseract to decode and hold.
    const rendered = sharp(Buffer.alloc(300 * 200, 230), { raw: { width: 300, height: 200, channels: 1 } });
    const page = await toOcrPng(rendered, { dpi: 300 });
    expect(await sharp(page.png).metadata()).toMatchObject({ channels: 1, density: 300 });
  });

  it('resamples by a scale, upwards too, and reports the resolution that results', async () => {
    const scan = sharp(Buffer.alloc(100 * 140 * 3, 200), { raw: { width: 100, height: 140, channels: 3 } });
    const page = await toOcrPng(scan, { scale: 2, dpi: 150 });
    expect(page).toMatchObject({ width: 200, height: 280 });
    expect(await sharp(page.png).metadata()).toMatchObject({ channels: 1, density: 300 });
  });
});
