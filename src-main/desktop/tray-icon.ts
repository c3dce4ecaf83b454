/**
 * Which of the PNGs in resources/ the tray shows (rendered from tray.svg by
 * scripts/make-icons.ts; Electron takes the `@2x` file beside it on HiDPI).
 */
import { join } from 'node:path';

/** resources/ at the top of the app (inside app.asar once packaged), seen from `out/main/` or `src-main/shell/`. */
export const RESOURCES_DIR = join(import.meta.dirname, '..', '..', 'resources');

/** The macOS menu bar wants a black "Template" image it tints itself; Linux panels draw at about 22–32 px; Windows' tray at 16 px. */
export function trayIconFile(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  if (platform === 'win32') return 'tray.png';
  return 'tray-32.png';
}
