import type { ReactNode } from 'react';
import { Link } from './router';
import { SITE } from './site';

/**
 * The page frame every page shares, the e-service's and the portal's: the skip link, the header
 * with the municipality and the service, the main landmark (focused on navigation) and the footer
 * with the accessibility statement.
 */
export function PageLayout({
  service,
  belowHeader,
  footerLinks,
  footerText,
  children,
}: {
  service: { name: string; href: string };
  belowHeader?: ReactNode;
  /** More footer links after the accessibility statement, each an `<li>`. */
  footerLinks?: ReactNode;
  footerText: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <a className="skip-link" href="#main">
        Hoppa till innehållet
      </a>
      <header className="header">
        <div className="header__inner">
          <span className="header__org">{SITE.municipality}</span>
          <Link className="header__service" href={service.href}>
            {service.name}
          </Link>
        </div>
      </header>
      {belowHeader}
      <div className="width-container">
        <main className="main" id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="footer">
        <div className="footer__inner">
          <h2 className="visually-hidden">Om webbplatsen</h2>
          <ul className="footer__links">
            <li>
              <Link href="/tillganglighet">Tillgänglighetsredogörelse</Link>
            </li>
            {footerLinks}
          </ul>
          <p>{footerText}</p>
        </div>
      </footer>
    </>
  );
}
