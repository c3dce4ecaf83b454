import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './scripts/csp-meta-plugin.js';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

// Explicit inputs for each process; see README "How it is built".
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/shell/main.ts'),
          // The reader runs as a utility process of its own (src-main/ingest/reader/reader-process.ts).
          'reader-main': resolve(import.meta.dirname, 'src-main/ingest/reader/reader-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file that requires nothing but `electron`.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react(), cspMetaPlugin()],
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
