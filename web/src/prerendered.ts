/**
 * The public pages built to HTML at build time (`web/build.ts`), so that they paint before their
 * JavaScript has arrived, and are then hydrated by the same React code (`main.tsx`). Each is
 * written to `web/dist<path>/index.html`; every other path gets the empty shell, `app.html`.
 */
export const PRERENDERED_PAGES = ['/', '/tillganglighet', '/bestallning/bestallare'] as const;

/** The empty shell every path that is not prerendered gets (a file at the build's root). */
export const SHELL_FILE = 'app.html';

/** The attribute on `#root` naming the page its HTML was prerendered as. */
export const PRERENDERED_ATTRIBUTE = 'data-prerendered';

/**
 * Whether the HTML in `#root` is this location's page: the prerendered page of this path, opened
 * without a query (a query such as `?tillbaka=kontrollera` changes what the page shows, so it is
 * rendered afresh over the prerendered HTML instead).
 */
export function isPrerenderedFor(prerenderedAs: string | undefined, location: { path: string; search: string }) {
  return prerenderedAs !== undefined && prerenderedAs === location.path && location.search === '';
}
