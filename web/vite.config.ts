import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The public e-service. Built by `npm run build:web` (`web/build.ts`: this config, then the public
 * pages prerendered with it) from the project
 * root into `web/dist`, which the local stack (and CloudFront in AWS) serve on the same origin as
 * the API. The app must run under `script-src 'self'; style-src 'self'`: no inline scripts or
 * styles, so the CSS is one file and the module-preload polyfill (not needed) is left out.
 */
export default defineConfig(({ command, mode }) => {
  // A production build is React's production build even from a shell (or a test runner) that has
  // NODE_ENV set to something else: Vite would otherwise bundle React's development build (~55 KB
  // gz more, slower). `NODE_ENV=development vite build --mode development` still gives one.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return config;
});

const config = {
  root,
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev:web` next to `npm start`: the API runs on the local stack.
    proxy: { '/api': process.env.VISTELSE_API_URL ?? 'http://127.0.0.1:3000' },
  },
} satisfies UserConfig;
