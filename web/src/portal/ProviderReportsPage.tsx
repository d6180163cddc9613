import { useEffect, useState } from 'react';
import type { ProviderReports } from '../../../shared/time-reports';
import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { portalGet, PortalError } from './api';
import { formatDate } from './labels';
import { portalTitle } from './PortalApp';

/**
 * **Tidrapporter** (`/portal/tidrapporter`), for a provider's staff: every report of its
 * assignments not yet approved, earliest due first — what to send, what is late, what waits for
 * the caseworker. Each row leads to its case, where the report is sent. The chaser's mails link
 * here when they list more reports than they name.
 */
export function ProviderReportsPage() {
  useDocumentTitle(portalTitle('Tidrapporter'));
  const [data, setData] = useState<ProviderReports>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    portalGet<ProviderReports>('/portal/time-reports').then(setData, (e: PortalError) => setFailure(e.message));
  }, []);

  return (
    <>
      <h1>Tidrapporter</h1>
      <p>Tidrapporter för era uppdrag som inte är godkända än, med den tidigaste sista dagen först. Öppna ärendet för att rapportera.</p>
      {failure && <p className="error-message">{failure}</p>}
      {!data && !failure && (
        <p role="status" className="loading">
          Hämtar tidrapporter …
        </p>
      )}
      {data && (
        <p>
          Att skicka: <strong>{data.counts.toSend}</strong>, varav försenade: <strong>{data.counts.overdue}</strong>. Väntar på avstämning hos handläggaren:{' '}
          <strong>{data.counts.awaitingReview}</strong>.
        </p>
      )}
      {data && data.rows.length === 0 && <p>Inga tidrapporter att visa.</p>}
      {data && data.rows.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Tidrapporter som inte är godkända: {data.rows.length}</caption>
          <thead>
            <tr>
              <th scope="col">Ärende</th>
              <th scope="col">Insats</th>
              <th scope="col">Månad</th>
              <th scope="col">Sista dag</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={`${row.reference}-${row.insatsType}-${row.month}`}>
                <td>
                  <Link href={`/portal/uppdrag/${encodeURIComponent(row.reference)}`}>{row.reference}</Link>
                </td>
                <td>{row.insatsLabel}</td>
                <td>
                  {row.monthLabel}
                  <div className="caption">
                    {formatDate(row.period.from)} – {formatDate(row.period.to)}
                  </div>
                </td>
                <td>{formatDate(row.dueDate)}</td>
                <td>
                  {row.statusLabel}
                  {row.overdue && <span className="tag tag--overdue">Försenad</span>}
                  {!row.open && <div className="caption">Kan lämnas från {formatDate(row.period.from)}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
