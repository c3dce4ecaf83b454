import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { RESOURCES_DIR, trayIconFile } from './tray-icon.js';

const size = async (file: string) => {
  const meta = await sharp(join(RESOURCES_DIR, file)).metadata();
  return { width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha };
};

describe('icons', () => {
  it('the tray icon the shell loads exists on every platform, with its HiDPI twin', async () => {
    const expected = { darwin: 16, win32: 16, linux: 32 } as const;
    for (const [platform, px] of Object.entries(expected) as [NodeJS.Platform, number][]) {
      const file = trayIconFile(platform);
      expect(await size(file)).toEqual({ width: px, height: px, hasAlpha: true });
      expect(await size(file.replace('.png', '@2x.png'))).toEqual({ width: px * 2, height: px * 2, hasAlpha: true });
    }
    // macOS tints only images named "…Template".
    expect(trayIconFile('darwin')).toMatch(/Template\.png$/);
  });

  it('the app icon is large enough for electron-builder to derive icns, ico and the Linux sizes', async () => {
    expect(await size('icon.png')).toEqual({ width: 1024, height: 1024, hasAlpha: true });
    expect(await size('icon-512.png')).toEqual({ width: 512, height: 512, hasAlpha: true });
  });
});
