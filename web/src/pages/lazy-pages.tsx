import { Component, lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { focusMainHeading, useDocumentTitle } from '../hooks';
import { navigationCount } from '../router';
import { pageTitle } from '../site';

const fetchedChunks = new Map<string, Promise<unknown>>();

/**
 * A separate chunk's loader, which notes (by its source path under `web/`, as in Vite's manifest)
 * that the page being rendered fetched it: a prerendered page preloads the chunks it hydrates with.
 */
function pageChunk<T>(source: string, load: () => Promise<T>): () => Promise<T> {
  return () => {
    const loading = load();
    fetchedChunks.set(source, loading);
    return loading;
  };
}

/** The chunks fetched since the last call, each with its loading (`web/src/entry-server.tsx`). */
export function takeFetchedChunks(): Map<string, Promise<unknown>> {
  const chunks = new Map(fetchedChunks);
  fetchedChunks.clear();
  return chunks;
}

/**
 * Pages off the intake route (accessibility statement, receipt, not found) are separate chunks,
 * fetched when first shown, so the order form's own JavaScript stays small.
 */
const loadAccessibilityPage = pageChunk('src/pages/AccessibilityPage.tsx', () => import('./AccessibilityPage'));
const loadReceiptPage = pageChunk('src/pages/ReceiptPage.tsx', () => import('./ReceiptPage'));
const loadNotFoundPage = pageChunk('src/pages/NotFoundPage.tsx', () => import('./NotFoundPage'));
/** The staff portal: its JavaScript is fetched only on portal pages. */
const loadPortal = pageChunk('src/portal/PortalApp.tsx', () => import('../portal/PortalApp'));
/** The orderer's page of a case: fetched only there. */
const loadOrdererPage = pageChunk('src/orderer/OrdererPage.tsx', () => import('../orderer/OrdererPage'));

export const AccessibilityPage = lazy(() => loadAccessibilityPage().then((m) => ({ default: m.AccessibilityPage })));
export const ReceiptPage = lazy(() => loadReceiptPage().then((m) => ({ default: m.ReceiptPage })));
export const NotFoundPage = lazy(() => loadNotFoundPage().then((m) => ({ default: m.NotFoundPage })));
export const PortalApp = lazy(() => loadPortal().then((m) => ({ default: m.PortalApp })));
export const OrdererPage = lazy(() => loadOrdererPage().then((m) => ({ default: m.OrdererPage })));

/** Fetches the receipt page while the order is being sent, so it shows at once when it is accepted. */
export function preloadReceiptPage() {
  loadReceiptPage().catch(() => {
    // Shown with PageLoadFailed if it still can't be fetched when needed.
  });
}

/**
 * After an in-app navigation the app focuses the new page's heading; a page that had to be fetched
 * first has none yet at that moment, so it is focused once the page is there.
 */
function FocusHeadingOnLoad() {
  useEffect(() => {
    if (navigationCount() > 0) focusMainHeading();
  }, []);
  return null;
}

function LoadFailedMessage() {
  useDocumentTitle(pageTitle('Sidan kunde inte hämtas'));
  return (
    <>
      <h1>Sidan kunde inte hämtas</h1>
      <p>
        Kontrollera att du är ansluten till internet och <a href={window.location.href}>ladda sedan om sidan</a>.
      </p>
      <FocusHeadingOnLoad />
    </>
  );
}

class PageLoadFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? <LoadFailedMessage /> : this.props.children;
  }
}

/** A page from a separate chunk: a status line while it is fetched, a message if it can't be. */
export function LazyPage<P extends object>({ page: Page, props }: { page: ComponentType<P>; props?: P }) {
  return (
    <PageLoadFailed>
      <Suspense
        fallback={
          <p role="status" className="loading">
            Hämtar sidan …
          </p>
        }
      >
        <Page {...(props ?? ({} as P))} />
        <FocusHeadingOnLoad />
      </Suspense>
    </PageLoadFailed>
  );
}
