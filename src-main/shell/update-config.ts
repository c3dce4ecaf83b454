/**
 * Where updates come from: one generic feed, configured here and as `publish`
 * in electron-builder.config.ts (a test holds the two equal). What is checked
 * before an update installs: its SHA-512 from the feed's latest*.yml on every
 * platform; on Windows its Authenticode signature against the publisher of
 * the running build's certificate; on macOS (Squirrel.Mac) its code signature
 * against the running app's. AppImage and deb updates carry no signature.
 */
export const UPDATE_FEED = {
  provider: 'generic',
  url: 'https://updates.lockleaf.app/releases/',
  channel: 'latest',
} as const;
