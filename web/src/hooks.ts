import { useEffect, useLayoutEffect } from 'react';

/** `useLayoutEffect` in the browser; on the server (prerendering), where it would only warn, `useEffect`. */
export const useBrowserLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

let prerenderedTitle: string | undefined;

/** The title the page rendered last asked for: a prerendered page's `<title>`. */
export function takePrerenderedTitle() {
  const title = prerenderedTitle;
  prerenderedTitle = undefined;
  return title;
}

/** Sets the document title while the page is shown (when prerendering: the page's `<title>`). */
export function useDocumentTitle(title: string) {
  if (typeof document === 'undefined') prerenderedTitle = title;
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** Moves focus to the page's heading, as after every in-app navigation. */
export function focusMainHeading() {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading || document.activeElement === heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}
