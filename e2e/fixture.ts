/**
 * The one fixture every e2e spec shares: a fresh data directory, a test host
 * over it, and a page in Debian's Chromium (playwright-core) already past the
 * one-time token.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SessionOptions } from '../src-main/ipc/app-session.js';
import type { LockleafBridge } from '../src-shared/bridge/contract.js';
import { startHost, type Host } from './host/server.js';

declare global {
  interface Window {
    lockleaf: LockleafBridge;
  }
}

export const PASSPHRASE = 'a long and lovely passphrase';

/** The first-run screen, filled in: a new vault, open on its empty library. */
export async function createVaultThroughUi(page: Page): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('heading', { name: 'Your vault is empty' }).waitFor();
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');
export const hasChromium = existsSync(CHROMIUM);

export interface AppFixture {
  page: Page;
  host: Host;
  dataDir: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export async function openApp(
  options: { colorScheme?: 'light' | 'dark'; session?: Partial<SessionOptions> } = {},
): Promise<AppFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lockleaf-e2e-'));
  const host = await startHost(dataDir, options.session);
  const context = await (
    await launchBrowser()
  ).newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  await page.goto(host.url);
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    page,
    host,
    dataDir,
    screenshot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })),
    async close() {
      await context.close();
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
