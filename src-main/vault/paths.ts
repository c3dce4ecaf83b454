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

/**
 * The platform's per-user data folder, matching Electron's `userData` for an
 * app named Lockleaf, so the CLI and the desktop app find the same vault.
 */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lockleaf', 'vault');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Lockleaf', 'vault');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Lockleaf', 'vault');
}
