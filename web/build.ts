import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Manifest } from 'vite';
import { escapeHtml } from '../shared/mail/layout';
import { PRERENDERED_ATTRIBUTE, PRERENDERED_PAGES, SHELL_FILE } from './src/prerendered';

/**
 * `npm run build:web`: the browser build into `web/dist` (as before), then the public pages of
 * `PRERENDERED_PAGES` rendered to HTML with the same React code (a server build of
 * `src/entry-server.tsx`, thrown away afterwards), each as `<path>/index.html`, and the empty shell
 * every other path of the app gets as `app.html`.
 */
const WEB = resolve(import.meta.dirname);
const DIST = join(WEB, 'dist');
const SERVER_OUT = join(WEB, '.prerender');
const CONFIG = join(WEB, 'vite.config.ts');

/** The file a page's HTML is written to: `/` → `index.html`, `/tillganglighet` → `tillganglighet/index.html`. */
function prerenderedFile(path: string) {
  return path === '/' ? 'index.html' : `${path.slice(1)}/index.html`;
}

/** `<link rel="modulepreload">` for a page's separate chunks and what they import, beyond the entry's own. */
function preloadsFor(chunks: string[], manifest: Manifest): string[] {
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  const loaded = new Set([entry?.file, ...(entry?.imports ?? []).map((key) => manifest[key]?.file)]);
  const files = new Set<string>();
  for (const source of chunks) {
    const chunk = manifest[source];
    if (!chunk) throw new Error(`${source} is not a chunk of the build (web/src/pages/lazy-pages.tsx names it)`);
    for (const file of [chunk.file, ...(chunk.imports ?? []).map((key) => manifest[key]?.file)]) {
      if (file && !loaded.has(file)) files.add(file);
    }
  }
  return [...files].map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
}

export async function buildWeb() {
  await build({ configFile: CONFIG, mode: 'production', build: { manifest: true } });
  await build({
    configFile: CONFIG,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    build: { ssr: 'src/entry-server.tsx', outDir: SERVER_OUT, emptyOutDir: true, manifest: false, copyPublicDir: false },
  });
  try {
    const { prerender } = (await import(pathToFileURL(join(SERVER_OUT, 'entry-server.js')).href)) as typeof import('./src/entry-server');
    const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Manifest;
    const template = readFileSync(join(DIST, 'index.html'), 'utf8');
    if (!template.includes('<div id="root"></div>')) throw new Error('web/index.html must have an empty <div id="root"></div>');
    writeFileSync(join(DIST, SHELL_FILE), template);
    for (const path of PRERENDERED_PAGES) {
      const page = await prerender(path);
      const html = template
        .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
        .replace('</head>', `${preloadsFor(page.chunks, manifest).join('')}</head>`)
        .replace('<div id="root"></div>', `<div id="root" ${PRERENDERED_ATTRIBUTE}="${escapeHtml(path)}">${page.html}</div>`);
      const file = join(DIST, prerenderedFile(path));
      mkdirSync(resolve(file, '..'), { recursive: true });
      writeFileSync(file, html);
    }
  } finally {
    rmSync(SERVER_OUT, { recursive: true, force: true });
    // Vite's manifest is for this script only: never deployed with the app.
    rmSync(join(DIST, '.vite'), { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildWeb();
  console.log(`Prerendered ${PRERENDERED_PAGES.join(', ')}; other paths get ${SHELL_FILE}.`);
}
