import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A tiny History API router: the current path (and hash) as React state, `navigate()` to move,
 * `<Link>` for in-app links that still work as plain links (new tab, no JavaScript).
 */
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}


function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface Location {
  path: string;
  search: string;
  hash: string;
}

/**
 * The page being prerendered at build time (`web/src/entry-server.tsx`), where there is no
 * `window`: the location the server render sees.
 */
let serverLocation: Location = { path: '/', search: '', hash: '' };
export function setServerLocation(path: string) {
  serverLocation = { path, search: '', hash: '' };
}

let cached: Location | undefined;
function snapshot(): Location {
  if (typeof window === 'undefined') return serverLocation;
  const { pathname, search, hash } = window.location;
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (!cached || cached.path !== path || cached.search !== search || cached.hash !== hash) {
    cached = { path, search, hash };
  }
  return cached;
}

/** Where the browser is now (outside React). */
export function currentLocation(): Location {
  return snapshot();
}

export function useLocation(): Location {
  // While hydrating a prerendered page the browser is at the page's own path (main.tsx checks), so
  // the location React hydrates with is the browser's too.
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** How many in-app navigations happened: the first render of the app doesn't move focus. */
let navigations = 0;
export function navigationCount() {
  return navigations;
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  navigations++;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigations++;
    notify();
  });
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target ||
      !href.startsWith('/')
    ) {
      return;
    }
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
