import { useEffect, useState, type ReactNode } from 'react';
import type { Me } from '../../../shared/api';
import { useDocumentTitle } from '../hooks';
import { PageLayout } from '../layout';
import { Link, useLocation } from '../router';
import { SITE } from '../site';
import { loadMe, loginUrl, logout } from './api';
import { AuditPage } from './AuditPage';
import { CasePage } from './CasePage';
import { ExtraVisitReviewPage } from './ExtraVisitReviewPage';
import { NewOutgoingStayRoute, OutgoingStayPage } from './OutgoingStayPages';
import { InboxPage } from './InboxPage';
import { InvoiceBasisPage } from './InvoiceBasisPage';
import { ProviderReportsPage } from './ProviderReportsPage';
import { PurgeLogPage } from './PurgeLogPage';

export const portalTitle = (title: string) => `${title} – Vistelse för personal`;

/**
 * The staff portal (`/portal`): its own chunk, fetched only on portal pages. Everything but the
 * logged-out and login-failed pages needs a session: without one the browser goes through the
 * login and comes back to the very page it asked for (a link in a mail included).
 */
export function PortalApp() {
  const { path } = useLocation();
  if (path === '/portal/utloggad') return <Shell><LoggedOutPage /></Shell>;
  if (path === '/portal/inloggningsfel') return <Shell><LoginFailedPage /></Shell>;
  return <LoggedIn path={path} />;
}

function LoggedIn({ path }: { path: string }) {
  const [me, setMe] = useState<Me | null | undefined>(null);
  useEffect(() => {
    loadMe().then(
      (found) => {
        if (!found) window.location.assign(loginUrl());
        setMe(found);
      },
      () => setMe(undefined),
    );
  }, []);
  if (me === null || me === undefined) {
    return (
      <Shell>
        <p role="status" className="loading">
          {me === null ? 'Hämtar …' : 'Du skickas till inloggningen …'}
        </p>
      </Shell>
    );
  }
  const caseMatch = /^\/portal\/(arenden|uppdrag)\/([^/]+)(\/logg)?$/.exec(path);
  const outgoingMatch = /^\/portal\/utgaende\/([^/]+)$/.exec(path);
  const staff = me.role === 'caseworker' || me.role === 'unit_head';
  return (
    <Shell me={me} path={path}>
      {path === '/portal' ? (
        <InboxPage me={me} />
      ) : path === '/portal/fakturaunderlag' ? (
        <InvoiceBasisPage />
      ) : path === '/portal/tidrapporter' ? (
        <ProviderReportsPage />
      ) : path === '/portal/gallringslogg' ? (
        <PurgeLogPage />
      ) : path === '/portal/extrabesok' ? (
        <ExtraVisitReviewPage />
      ) : path === '/portal/utgaende/ny' && staff ? (
        <NewOutgoingStayRoute unitName={me.organisation} />
      ) : outgoingMatch ? (
        <OutgoingStayPage key={outgoingMatch[1]} reference={decodeURIComponent(outgoingMatch[1])} justRegistered={new URLSearchParams(window.location.search).has('registrerad')} />
      ) : caseMatch?.[3] ? (
        <AuditPage reference={decodeURIComponent(caseMatch[2])} />
      ) : caseMatch ? (
        <CasePage key={caseMatch[2]} reference={decodeURIComponent(caseMatch[2])} me={me} />
      ) : (
        <NotFound />
      )}
    </Shell>
  );
}

function Shell({ me, path, children }: { me?: Me; path?: string; children: ReactNode }) {
  const [failed, setFailed] = useState(false);
  return (
    <PageLayout
      service={{ name: 'Vistelse för personal', href: '/portal' }}
      belowHeader={
        me && (
          <div className="userbar">
            <div className="userbar__inner">
              <p className="userbar__who">
                Inloggad som <strong>{me.name}</strong>, {me.roleLabel.toLowerCase()}, {me.organisation}
              </p>
              <nav aria-label="Portalen" className="userbar__nav">
                <Link href="/portal" aria-current={path === '/portal' ? 'page' : undefined}>
                  Ärenden
                </Link>
                {me.role === 'provider' && (
                  <Link href="/portal/tidrapporter" aria-current={path === '/portal/tidrapporter' ? 'page' : undefined}>
                    Tidrapporter
                  </Link>
                )}
                {(me.role === 'economy' || me.role === 'fees') && (
                  <Link href="/portal/fakturaunderlag" aria-current={path === '/portal/fakturaunderlag' ? 'page' : undefined}>
                    Fakturaunderlag
                  </Link>
                )}
                {(me.role === 'caseworker' || me.role === 'unit_head') && (
                  <Link href="/portal/extrabesok" aria-current={path === '/portal/extrabesok' ? 'page' : undefined}>
                    Extrabesök att granska
                  </Link>
                )}
                {me.role === 'unit_head' && (
                  <Link href="/portal/gallringslogg" aria-current={path === '/portal/gallringslogg' ? 'page' : undefined}>
                    Gallringslogg
                  </Link>
                )}
              </nav>
              <button type="button" className="button button--secondary button--small" onClick={() => logout().catch(() => setFailed(true))}>
                Logga ut
              </button>
            </div>
            {failed && (
              <p className="userbar__inner error-message" role="alert">
                Utloggningen misslyckades. Stäng webbläsaren för att avsluta sessionen.
              </p>
            )}
          </div>
        )
      }
      footerText={<>{SITE.municipality}. E-post innehåller aldrig personuppgifter: allt om ärendena läser du här, efter inloggning.</>}
    >
      {children}
    </PageLayout>
  );
}

function LoggedOutPage() {
  useDocumentTitle(portalTitle('Du är utloggad'));
  return (
    <>
      <h1>Du är utloggad</h1>
      <p>Din session i Vistelse är avslutad.</p>
      <p>
        <a className="button" href={loginUrl('/portal')}>
          Logga in igen
        </a>
      </p>
    </>
  );
}

const LOGIN_FAILURES: Record<string, string> = {
  no_portal_account: 'Du är inloggad hos identitetsleverantören, men har inget konto i Vistelse. Kontakta systemadministratören om du behöver ett.',
  login_failed: 'Inloggningen kunde inte slutföras, till exempel för att den tog för lång tid eller startades i en annan webbläsare.',
};

function LoginFailedPage() {
  useDocumentTitle(portalTitle('Inloggningen misslyckades'));
  const reason = new URLSearchParams(window.location.search).get('orsak') ?? 'login_failed';
  return (
    <>
      <h1>Inloggningen misslyckades</h1>
      <p>{LOGIN_FAILURES[reason] ?? LOGIN_FAILURES.login_failed}</p>
      <p>
        <a className="button" href={loginUrl('/portal')}>
          Försök logga in igen
        </a>
      </p>
    </>
  );
}

function NotFound() {
  useDocumentTitle(portalTitle('Sidan finns inte'));
  return (
    <>
      <h1>Sidan finns inte</h1>
      <p>
        <Link href="/portal">Till dina ärenden</Link>
      </p>
    </>
  );
}
