import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 5173 },
  // './': every URL of the build is relative, so dist/ works from any sub-path of any static
  // server (a course on GitHub Pages at /networking/wirestep/). The manifest lists the build's
  // files for the service worker (public/sw.js) to cache for offline use; not under .vite/,
  // which GitHub Pages' Jekyll would not publish.
  base: './',
  build: { sourcemap: true, manifest: 'wirestep-manifest.json' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'bridge/**/*.test.ts'],
    environment: 'node',
    // Tests must not pass by accident on an empty run.
    passWithNoTests: false,
    // The property and whole-lesson tests are CPU-bound (thousands of simulated runs): on a loaded
    // 2-core machine one takes up to ~20 s. Hangs are caught by the simulator's own work limits.
    testTimeout: 60_000,
  },
});
