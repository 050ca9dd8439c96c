/**
 * electron-vite build of the three bundles:
 * - `out/main/index.js`: the main process, ESM (package.json has `"type": "module"`), node deps
 *   left external so they load from node_modules (inside app.asar when packaged);
 * - `out/preload/index.cjs`: the preload, CommonJS with everything but `electron` bundled in,
 *   because a sandboxed preload can neither be ESM nor `require` anything but a few modules;
 * - `out/renderer/`: the React renderer built from `renderer/index.html`.
 *
 * Run with `electron-vite build --config build/electron.vite.config.ts` (`npm run build`).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../electron/main/window';

// electron-vite bundles this file but substitutes the original file's URL for import.meta.url,
// so paths resolve from the repository root whatever the working directory.
const repoRoot = new URL('..', import.meta.url);
const fromRoot = (path: string): string => fileURLToPath(new URL(path, repoRoot));

/**
 * In `electron-vite dev` only, swaps the CSP meta tag of renderer/index.html for the dev policy:
 * the dev server needs an inline React-refresh script, injected styles and its websocket, all of
 * which the built app's strict policy (kept as is in the build) forbids.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'iamdsn:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i,
        `$1${contentSecurityPolicy({ dev: true })}$2`,
      );
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      // Dependencies (pg, electron-store, the AWS SDK…) stay in node_modules; shared/ is bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: fromRoot('electron/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // Bundle everything: a sandboxed preload may only require('electron') and a few built-ins.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: fromRoot('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; the window loads faster minified.
      minify: true,
      rolldownOptions: {
        input: { index: fromRoot('renderer/index.html') },
      },
    },
  },
});
