import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './App';
import { takePrerenderedTitle } from './hooks';
import { takeFetchedChunks } from './pages/lazy-pages';
import { setServerLocation } from './router';

export interface PrerenderedPage {
  /** The markup of `#root`. */
  html: string;
  /** The title the page sets (`useDocumentTitle`). */
  title: string;
  /** The separate chunks it shows (sources as in Vite's manifest): preloaded, as hydrating needs them. */
  chunks: string[];
}

const app = () => (
  <StrictMode>
    <App />
  </StrictMode>
);

/**
 * Renders one public page of the app to HTML at build time (`web/build.ts`), with the very tree
 * the browser hydrates (`main.tsx`). A page fetched as a separate chunk suspends the first render;
 * once its chunk has loaded the page is rendered again, so the HTML is the page itself, not its
 * "Hämtar sidan …" status line. (`renderToString`, not React 18's streaming renderer: that one puts
 * a NUL byte into long text with å, ä and ö.)
 */
export async function prerender(path: string): Promise<PrerenderedPage> {
  setServerLocation(path);
  takePrerenderedTitle();
  takeFetchedChunks();
  let html = renderToString(app());
  const chunks = takeFetchedChunks();
  if (chunks.size > 0) {
    await Promise.all(chunks.values());
    html = renderToString(app());
    if (takeFetchedChunks().size > 0) throw new Error(`The page ${path} fetched chunks again after they had loaded`);
  }
  const title = takePrerenderedTitle();
  if (title === undefined) throw new Error(`The page ${path} set no title`);
  if (hasControlCharacter(html)) throw new Error(`The page ${path} rendered a control character`);
  if (html.includes('<!--$!-->')) throw new Error(`The page ${path} rendered a Suspense fallback`);
  return { html, title, chunks: [...chunks.keys()] };
}

/** A character HTML text never holds (NUL and the other C0 controls but tab, newline, form feed, return). */
export function hasControlCharacter(text: string) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return true;
  }
  return false;
}
