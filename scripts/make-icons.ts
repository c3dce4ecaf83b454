/**
 * Renders the PNGs in resources/ from icon.svg and tray.svg (run after
 * changing either: `npx tsx scripts/make-icons.ts`). The PNGs are committed:
 * packaging and the shell load them, and neither should need this step.
 *
 * - icon.png (1024) and icon-512.png: electron-builder derives the .icns,
 *   .ico and Linux icons from icon.png (its buildResources folder is resources/).
 * - tray*.png: 16 px (+@2x) for Windows, 32 px (+@2x) for Linux panels, and a
 *   black "Template" image for the macOS menu bar, which tints it for light
 *   and dark mode. Electron picks the @2x file on HiDPI screens by its name.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const dir = join(import.meta.dirname, '..', 'resources');

async function render(svg: string, size: number, file: string): Promise<void> {
  // Rasterised at the target size (not scaled down from a big PNG), so small sizes stay sharp.
  const density = Math.max(1, Math.round((72 * size) / Number(/viewBox="0 0 (\d+)/.exec(svg)![1])));
  await sharp(Buffer.from(svg), { density }).resize(size, size).png({ compressionLevel: 9 }).toFile(join(dir, file));
}

const icon = await readFile(join(dir, 'icon.svg'), 'utf8');
const tray = await readFile(join(dir, 'tray.svg'), 'utf8');
const template = tray.replace(/fill="#2fa36b"/, 'fill="#000"');

await render(icon, 1024, 'icon.png');
await render(icon, 512, 'icon-512.png');
for (const [name, svg, size] of [
  ['tray', tray, 16],
  ['tray-32', tray, 32],
  ['trayTemplate', template, 16],
] as const) {
  await render(svg, size, `${name}.png`);
  await render(svg, size * 2, `${name}@2x.png`);
}
