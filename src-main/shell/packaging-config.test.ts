import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import builderConfig, { packagingConfig } from '../../electron-builder.config.js';
import { UPDATE_FEED } from './update-config.js';

const root = join(import.meta.dirname, '..', '..');

describe('packaging configuration', () => {
  it('is what electron-builder loads (the default export)', () => {
    expect(builderConfig).toBe(packagingConfig);
  });

  it('flips every hardening fuse', () => {
    expect(packagingConfig.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // The integrity fuse checks the hash electron-builder embeds only when the app is an asar.
    expect(packagingConfig.asar).toBe(true);
  });

  it('publishes to the feed the app updates from', () => {
    expect(packagingConfig.publish).toEqual(UPDATE_FEED);
  });

  it('builds AppImage, deb, dmg (with the zip macOS updates install) and NSIS, signed on macOS and Windows', async () => {
    expect(packagingConfig.linux.target).toEqual(['AppImage', 'deb']);
    expect(packagingConfig.mac.target).toEqual(['dmg', 'zip']);
    expect(packagingConfig.win.target).toEqual(['nsis']);
    expect(packagingConfig.forceCodeSigning).toBe(true);
    expect(packagingConfig.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // electron-builder derives .icns, .ico and the Linux sizes from buildResources/icon.png.
    await access(join(root, packagingConfig.directories.buildResources, 'icon.png'));
  });
});
