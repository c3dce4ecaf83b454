/** Specs that need a real Electron window; skipped where no Electron binary exists. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary)
  console.warn(
    'e2e/electron.spec.ts: skipped — no Electron binary here (ELECTRON_SKIP_BINARY_DOWNLOAD or no network); the Chromium test host covers the renderer.',
  );

describe.skipIf(!binary)('Electron window', () => {
  it('opens sandboxed, with the bridge and without node', async () => {
    const { _electron } = await import('playwright-core');
    const electronApp = await _electron.launch({ executablePath: binary!, args: ['out/main/index.js'] });
    const window = await electronApp.firstWindow();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.isFrozen((window as unknown as { lockleaf: object }).lockleaf))).toBe(
      true,
    );
    await electronApp.close();
  });
});
