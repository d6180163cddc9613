import { useEffect, useState } from 'react';
import type { Me } from '../../../shared/api';
import { INBOX_FILTERS, type Inbox, type InboxFilter } from '../../../shared/portal';
import { useDocumentTitle } from '../hooks';
import { Link, useLocation } from '../router';
import { portalGet } from './api';
import { FILTER_LABELS, formatDate, formatDateTime, PHASE_LABELS } from './labels';
import { OutgoingStaysSection } from './OutgoingStayPages';
import { portalTitle } from './PortalApp';

const HEADINGS: Record<Me['role'], string> = {
  caseworker: 'Ärenden i din enhet',
  unit_head: 'Ärenden i din enhet',
  provider: 'Era uppdrag',
  economy: 'Underlag för fakturering',
  fees: 'Underlag för avgifter',
  system_admin: 'Ärenden att registrera',
};

/** The person's inbox: their list by filter, each case by reference (no personal data in lists). */
export function InboxPage({ me }: { me: Me }) {
  const { search } = useLocation();
  const asked = new URLSearchParams(search).get('filter');
  const filter: InboxFilter = (INBOX_FILTERS as readonly string[]).includes(asked ?? '') ? (asked as InboxFilter) : 'all';
  const askedPage = Number(new URLSearchParams(search).get('sida') ?? '1');
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  // What an action just did, when it led back here (a declined assignment is no longer yours).
  const done = new URLSearchParams(search).get('avbojt');
  const [inbox, setInbox] = useState<Inbox>();
  const [failed, setFailed] = useState<string>();
  useDocumentTitle(portalTitle(`${HEADINGS[me.role]}: ${FILTER_LABELS[filter].toLowerCase()}`));
  useEffect(() => {
    setInbox(undefined);
    portalGet<Inbox>(`/portal/inbox?filter=${filter}&page=${page}`).then(setInbox, (e: Error) => setFailed(e.message));
  }, [filter, page]);
  const pageLink = (n: number) => `/portal?filter=${filter}${n > 1 ? `&sida=${n}` : ''}`;
  const caseLink = (reference: string) => `/portal/${me.role === 'provider' ? 'uppdrag' : 'arenden'}/${encodeURIComponent(reference)}`;

  return (
    <>
      <h1>{HEADINGS[me.role]}</h1>
      {done && (
        <div className="notice notice--success" role="status">
          <p>{done}</p>
        </div>
      )}
      <nav aria-label="Filtrera ärenden" className="filters">
        <ul className="filters__list">
          {INBOX_FILTERS.map((f) => (
            <li key={f}>
              <Link href={`/portal?filter=${f}`} aria-current={f === filter ? 'page' : undefined} className={f === filter ? 'filters__current' : undefined}>
                {FILTER_LABELS[f]}
                {inbox ? ` (${inbox.counts[f]})` : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {failed && (
        <p className="error-message" role="alert">
          {failed}
        </p>
      )}
      {!inbox && !failed && (
        <p role="status" className="loading">
          Hämtar ärenden …
        </p>
      )}
      {inbox && inbox.rows.length === 0 && <p>Inga ärenden här.</p>}
      {inbox && inbox.rows.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">
            {HEADINGS[me.role]}, {FILTER_LABELS[filter].toLowerCase()}: {inbox.page.total} ärenden{inbox.page.pages > 1 ? `, sida ${inbox.page.number} av ${inbox.page.pages}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Ärende</th>
              <th scope="col">Status</th>
              <th scope="col">Bosättningskommun</th>
              <th scope="col">Vistelse</th>
              <th scope="col">Uppdrag</th>
              <th scope="col">Handläggare</th>
              <th scope="col">Meddelanden</th>
            </tr>
          </thead>
          <tbody>
            {inbox.rows.map((row) => (
              <tr key={row.reference}>
                <td>
                  <Link href={caseLink(row.reference)}>{row.reference}</Link>
                  <div className="caption">Mottaget {formatDateTime(row.receivedAt)}</div>
                  {row.acute && <span className="tag tag--overdue">Akut</span>}
                  {row.protectedIdentity && <span className="tag tag--protected">Skyddade personuppgifter</span>}
                </td>
                <td>
                  {PHASE_LABELS[row.phase]}
                  {row.overdue && <span className="tag tag--overdue">Försenad bekräftelse</span>}
                  {row.startLate && <span className="tag tag--overdue">Start försenad</span>}
                  {row.registered && <div className="caption">Registrerat</div>}
                  {row.reportsToReview > 0 && <span className="tag tag--new">{row.reportsToReview === 1 ? '1 tidrapport att stämma av' : `${row.reportsToReview} tidrapporter att stämma av`}</span>}
                </td>
                <td>{row.homeMunicipality}</td>
                <td>
                  {formatDate(row.stay.from)} – {formatDate(row.stay.to)}
                </td>
                <td>
                  <ul className="plain-list">
                    {row.assignments.map((a) => (
                      <li key={a.insatsType}>
                        {a.label}: {a.statusLabel}
                        {a.providerName ? ` (${a.providerName})` : ''}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{row.handler}</td>
                <td>{row.unread > 0 ? <span className="tag tag--new">{row.unread === 1 ? '1 oläst' : `${row.unread} olästa`}</span> : <span className="caption">Inga olästa</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inbox && inbox.page.pages > 1 && (
        <nav aria-label="Sidor" className="pager">
          <p>
            Sida {inbox.page.number} av {inbox.page.pages} ({(inbox.page.number - 1) * inbox.page.size + 1}–{Math.min(inbox.page.number * inbox.page.size, inbox.page.total)} av {inbox.page.total} ärenden)
          </p>
          <ul className="filters__list">
            {inbox.page.number > 1 && (
              <li>
                <Link href={pageLink(inbox.page.number - 1)} rel="prev">
                  Föregående sida
                </Link>
              </li>
            )}
            {Array.from({ length: inbox.page.pages }, (_, i) => i + 1).map((n) => (
              <li key={n}>
                <Link href={pageLink(n)} aria-current={n === inbox.page.number ? 'page' : undefined} className={n === inbox.page.number ? 'filters__current' : undefined}>
                  <span className="visually-hidden">Sida </span>
                  {n}
                </Link>
              </li>
            ))}
            {inbox.page.number < inbox.page.pages && (
              <li>
                <Link href={pageLink(inbox.page.number + 1)} rel="next">
                  Nästa sida
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
      {(me.role === 'caseworker' || me.role === 'unit_head') && <OutgoingStaysSection />}
    </>
  );
}
