import { useEffect } from 'react';
import { focusMainHeading } from './hooks';
import { hydrationDone } from './hydration';
import { PageLayout } from './layout';
import { focusField } from './order/errors';
import { OrderFlow } from './order/OrderFlow';
import { stepBySlug } from './order/steps';
import { AccessibilityPage, LazyPage, NotFoundPage, OrdererPage, PortalApp, ReceiptPage } from './pages/lazy-pages';
import { StartPage } from './pages/StartPage';
import { Link, navigate, navigationCount, useLocation } from './router';
import { SITE } from './site';

function Page() {
  const { path, search } = useLocation();
  if (path === '/') return <StartPage />;
  if (path === '/tillganglighet') return <LazyPage key={path} page={AccessibilityPage} />;
  if (path === '/bestallning/kvitto') return <LazyPage key={path} page={ReceiptPage} />;
  const orderersCase = /^\/arende\/([^/]+)$/.exec(path);
  if (orderersCase) return <LazyPage key={path} page={OrdererPage} props={{ reference: decodeURIComponent(orderersCase[1]) }} />;
  const match = /^\/bestallning\/([a-z]+)$/.exec(path);
  const step = match ? stepBySlug(match[1]) : undefined;
  if (step) {
    return <OrderFlow slug={step.slug} returnToCheck={new URLSearchParams(search).get('tillbaka') === 'kontrollera'} />;
  }
  return <LazyPage key="not-found" page={NotFoundPage} />;
}

/** After an in-app navigation: focus the field the link was about, else the page's heading. */
function useFocusOnNavigation() {
  const { path, search, hash } = useLocation();
  useEffect(() => {
    if (navigationCount() === 0) return;
    if (hash.length > 1 && focusField(decodeURIComponent(hash.slice(1)))) return;
    focusMainHeading();
    window.scrollTo(0, 0);
  }, [path, search, hash]);
}

export function App() {
  const { path } = useLocation();
  useFocusOnNavigation();
  useEffect(hydrationDone, []);
  useEffect(() => {
    if (path === '/bestallning') navigate('/bestallning/bestallare', { replace: true });
  }, [path]);

  // The staff portal has its own layout and its own chunk.
  if (path === '/portal' || path.startsWith('/portal/')) return <LazyPage page={PortalApp} />;

  return (
    <PageLayout
      service={{ name: SITE.serviceName, href: '/' }}
      footerLinks={
        <li>
          <Link href="/">Om e-tjänsten</Link>
        </li>
      }
      footerText={
        <>
          {SITE.municipality}. Frågor om e-tjänstens tillgänglighet: <a href={`mailto:${SITE.accessibilityEmail}`}>{SITE.accessibilityEmail}</a>
        </>
      }
    >
      <Page />
    </PageLayout>
  );
}
