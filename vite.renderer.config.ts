import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './scripts/csp-meta-plugin.js';
import { defineConfig } from 'vite';

// The renderer alone, for the Chromium test host (the app build uses electron.vite.config.ts).
export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: { outDir: resolve(import.meta.dirname, 'out/renderer'), emptyOutDir: true, target: 'chrome130' },
});
