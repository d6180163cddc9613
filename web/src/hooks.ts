import { useEffect } from 'react';

/** Sets the document title while the page is shown. */
export function useDocumentTitle(title: string) {
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
