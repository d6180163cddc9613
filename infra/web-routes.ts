import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SHELL_FILE } from '../web/src/prerendered';

/**
 * Which file of the built web app (`web/dist`) answers a viewer's path — one rule, used by
 * CloudFront's viewer-request function in AWS (`webRewriteCode`) and by the local stack's HTTP
 * adapter (`webFileFor`), so both serve the same thing:
 * - a path with a file extension is that file (a real 404 if it is not there);
 * - a page prerendered at build time (`web/build.ts`: a folder of the build holding an
 *   `index.html`, or `/` itself) is its own HTML, so it paints before its JavaScript;
 * - every other path is a client-side route and gets the empty shell `app.html` (an older build
 *   without one: `index.html`). The build writes them (`web/build.ts`, `web/src/prerendered.ts`).
 */

/** Vite's output folder for content-hashed files. */
export const HASHED_ASSETS_DIR = 'assets';

export interface WebRoutes {
  /** Prerendered pages by path (`/`, `/tillganglighet`), each its file (`/tillganglighet/index.html`). */
  pages: Record<string, string>;
  /** The file every other client-side route gets. */
  shell: string;
}

export function webRoutes(distDir: string): WebRoutes {
  const pages: Record<string, string> = {};
  // Not built yet: every page is the shell, which is missing too (the local adapter says so).
  if (!existsSync(distDir)) return { pages, shell: '/index.html' };
  if (existsSync(path.join(distDir, 'index.html'))) pages['/'] = '/index.html';
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (!statSync(full).isDirectory() || (rel === '' && name === HASHED_ASSETS_DIR) || name.startsWith('.')) continue;
      const page = `${rel}/${name}`;
      if (existsSync(path.join(full, 'index.html'))) pages[page] = `${page}/index.html`;
      walk(full, page);
    }
  };
  walk(distDir, '');
  return { pages, shell: existsSync(path.join(distDir, SHELL_FILE)) ? `/${SHELL_FILE}` : '/index.html' };
}

/** The file (a path from the build's root) that answers `uri`, a decoded path without query. */
export function webFileFor(uri: string, routes: WebRoutes): string {
  const last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.includes('.')) return uri;
  const page = uri.length > 1 ? uri.replace(/\/+$/, '') || '/' : uri;
  return Object.hasOwn(routes.pages, page) ? routes.pages[page] : routes.shell;
}

/**
 * The same rule as a CloudFront Function (viewer request, default behavior only; cloudfront-js-2.0).
 * Files and `/api/*` are untouched, so real 404s stay 404s — unlike distribution-wide custom
 * error responses, which would also rewrite the API's.
 */
export function webRewriteCode(routes: WebRoutes): string {
  return `var PAGES = ${JSON.stringify(routes.pages)};
var SHELL = ${JSON.stringify(routes.shell)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  var page = uri.length > 1 ? (uri.replace(/\\/+$/, '') || '/') : uri;
  request.uri = Object.prototype.hasOwnProperty.call(PAGES, page) ? PAGES[page] : SHELL;
  return request;
}
`;
}
