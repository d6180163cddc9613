import { StrictMode } from 'react';
import { renderToPipeableStream } from 'react-dom/server';
import { Writable } from 'node:stream';
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

/**
 * Renders one public page of the app to HTML at build time (`web/build.ts`), with the very tree
 * the browser hydrates (`main.tsx`): waits for the pages fetched as separate chunks, so the HTML
 * is the page itself, not its "Hämtar sidan …" status line.
 */
export function prerender(path: string): Promise<PrerenderedPage> {
  setServerLocation(path);
  takePrerenderedTitle();
  takeFetchedChunks();
  return new Promise((resolve, reject) => {
    let html = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        html += chunk.toString('utf8');
        done();
      },
      final(done) {
        const title = takePrerenderedTitle();
        if (title === undefined) reject(new Error(`The page ${path} set no title`));
        else resolve({ html, title, chunks: takeFetchedChunks() });
        done();
      },
    });
    const stream = renderToPipeableStream(
      <StrictMode>
        <App />
      </StrictMode>,
      {
        onAllReady: () => stream.pipe(sink),
        onShellError: reject,
        onError: (error) => reject(error instanceof Error ? error : new Error(String(error))),
      },
    );
  });
}
