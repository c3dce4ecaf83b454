import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVaultDir, electronUserDataDir } from './paths.js';

// The shell opens `<userData>/vault` (AppSession's dataDir is app.getPath('userData')).
const manifest = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
};
const home = '/home/ada';

describe('the CLI and the desktop app open the same vault', () => {
  it.each([
    ['linux', {}],
    ['linux', { XDG_CONFIG_HOME: '/home/ada/.xdg' }],
    ['darwin', {}],
    ['win32', { APPDATA: 'C:/Users/ada/AppData/Roaming' }],
  ] as const)('on %s %j', (platform, env) => {
    expect(join(electronUserDataDir(manifest, env, platform, home), 'vault')).toBe(
      defaultVaultDir(env, platform, home),
    );
  });

  it('on Linux the folder is ~/.config/Lockleaf/vault', () => {
    expect(defaultVaultDir({}, 'linux', home)).toBe('/home/ada/.config/Lockleaf/vault');
    expect(electronUserDataDir({ name: 'lockleaf' }, {}, 'linux', home)).toBe('/home/ada/.config/lockleaf');
  });
});
