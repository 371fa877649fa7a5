// Vite build of the browser UI (issue 10): web/ is the root, the output goes to dist/web/, which
// `iodose serve` serves at / (webRoot = dist/web). base './' keeps every asset URL relative, so the
// page works wherever it is mounted. `npm run build` runs it after tsc; scripts/fresh-dist.ts
// reruns it for the tests when a web/ source changed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // niivue alone is ~1 MB minified; one chunk is fine for a local app.
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  // `npx vite --config web/vite.config.ts` for development: the API from a running `iodose serve`.
  server: { proxy: { '/api': 'http://127.0.0.1:8484' } },
});
