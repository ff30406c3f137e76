import { defineConfig } from 'vite';

/**
 * The dashboard is built into `dist/` and served by the gateway at `/dashboard/` (same origin as
 * `/graphql`, so no CORS and no token leaves the origin). Everything it needs, fonts included, is
 * in the bundle: it works offline.
 */
export default defineConfig({
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
