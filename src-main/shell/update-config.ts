/**
 * Where updates come from: one generic feed, configured here only. Builds are
 * signed; electron-updater verifies a downloaded update's signature against
 * the running app's publisher, and each file's SHA-512 from latest*.yml.
 */
export const UPDATE_FEED = {
  provider: 'generic',
  url: 'https://updates.lockleaf.app/releases/',
  channel: 'latest',
} as const;
