/**
 * Packaging (electron-builder): AppImage and deb, dmg (+ zip, which is what
 * electron-updater installs on macOS) and NSIS. Plain data, so a Node test
 * (src-main/shell/packaging-config.test.ts) checks the fuses and the update
 * feed without electron-builder installed or an Electron binary at hand.
 *
 * electron-builder is not a dependency (nothing here can run what it makes):
 * a release machine runs `npm run build`, then
 * `npx electron-builder@26 --config electron-builder.config.ts`. Signing material
 * never lives in the repository: electron-builder reads it from the
 * environment (CSC_LINK + CSC_KEY_PASSWORD: the Developer ID or Authenticode
 * certificate; APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER: notarisation).
 * `forceCodeSigning` makes a macOS or Windows build without it fail rather
 * than ship unsigned (`-c.forceCodeSigning=false` for a local test package).
 */
export const packagingConfig = {
  appId: 'app.lockleaf.desktop',
  directories: { output: 'dist', buildResources: 'resources' },
  // What electron-vite built (main, preload, renderer) and the tray images the shell loads from resources/.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'resources/tray*.png', 'package.json', '!**/*.map'],
  asar: true,
  // worker_threads cannot start a script inside app.asar: tesseract.js's worker stays outside it. The reader
  // process's entry stays inside, under the integrity check (utilityProcess.fork reads from the ASAR); its
  // native modules are unpacked by electron-builder as every .node file is. Unverified here: no Electron binary.
  asarUnpack: ['node_modules/tesseract.js/**', 'node_modules/tesseract.js-core/**'],
  forceCodeSigning: true,
  // Flipped in the Electron binary before signing, so the OS signature check keeps them flipped.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  // The same feed as src-main/shell/update-config.ts (the test holds them equal): electron-builder writes it to app-update.yml and latest*.yml.
  publish: { provider: 'generic', url: 'https://updates.lockleaf.app/releases/', channel: 'latest' },
  mac: {
    target: ['dmg', 'zip'],
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
    notarize: true,
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  linux: { target: ['AppImage', 'deb'], category: 'Office', synopsis: 'Encrypted document vault' },
} as const;

export default packagingConfig;
