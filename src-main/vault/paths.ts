import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where each part of a vault lives inside its folder. */
export function vaultPaths(dir: string) {
  return {
    dir,
    keyFile: join(dir, 'vault.key'),
    database: join(dir, 'vault.db'),
    blobs: join(dir, 'blobs'),
    throttle: join(dir, 'unlock-state.json'),
    lock: join(dir, 'vault.lock'),
  };
}
export type VaultPaths = ReturnType<typeof vaultPaths>;

/** The folder the CLI and the desktop app share: the app's `productName` in package.json. */
export const APP_DIR_NAME = 'Lockleaf';

/** Electron's `app.getPath('appData')` on each platform. */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}

/**
 * What Electron's `app.getPath('userData')` is for an app with this
 * package.json: appData joined with the app's name, which Electron takes from
 * `productName`, else `name` (lib/browser/init.ts). Plain code so a test can
 * hold the real package.json against the CLI's default.
 */
export function electronUserDataDir(
  manifest: { name?: string; productName?: string },
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  const name = (manifest.productName ?? manifest.name ?? 'Electron').trim();
  return join(appDataDir(env, platform, home), name);
}

/**
 * The platform's per-user data folder, matching Electron's `userData` for an
 * app named Lockleaf, so the CLI and the desktop app find the same vault.
 */
export function defaultVaultDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  return join(appDataDir(env, platform, home), APP_DIR_NAME, 'vault');
}
