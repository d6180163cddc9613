import { useEffect, useState } from 'react';
import type { PurgeLogResponse } from '../../../shared/portal';
import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { portalGet } from './api';
import { formatDateTime } from './labels';
import { portalTitle } from './PortalApp';

/** **Gallringslogg**: the unit head's record of the unit's cases purged, and what went. */
export function PurgeLogPage() {
  const [log, setLog] = useState<PurgeLogResponse>();
  const [failed, setFailed] = useState<string>();
  useDocumentTitle(portalTitle('Gallringslogg'));
  useEffect(() => {
    portalGet<PurgeLogResponse>('/portal/purge-log').then(setLog, (e: Error) => setFailed(e.message));
  }, []);
  return (
    <>
      <h1>Gallringslogg</h1>
      {failed && <p role="alert">{failed}</p>}
      {!log && !failed && (
        <p role="status" className="loading">
          Hämtar loggen …
        </p>
      )}
      {log && (
        <>
          <p>
            Ärenden i {log.unitName} gallras {log.retentionMonths} månader efter att de avslutades. Då tas personuppgifterna, meddelandena, filerna, beställarens
            inloggningar och tidrapporternas fritexter bort. Kvar finns referensen, datumen, fördelningen utan personuppgifter och underlaget för fakturering.
          </p>
          {log.entries.length === 0 ? (
            <p>Inga ärenden har gallrats ännu.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Gallrade ärenden, det senaste först</caption>
              <thead>
                <tr>
                  <th scope="col">Gallrad</th>
                  <th scope="col">Ärende</th>
                  <th scope="col">Stängt</th>
                  <th scope="col">Vad gallrades</th>
                </tr>
              </thead>
              <tbody>
                {log.entries.map((e) => (
                  <tr key={e.reference}>
                    <td>{formatDateTime(e.purgedAt)}</td>
                    <td>
                      <Link href={`/portal/arenden/${encodeURIComponent(e.reference)}`}>{e.reference}</Link>
                    </td>
                    <td>{formatDateTime(e.closedAt)}</td>
                    <td>
                      {e.kinds.length === 0 ? (
                        'Inget utöver markeringen'
                      ) : (
                        <ul className="plain-list">
                          {e.kinds.map((k) => (
                            <li key={k.kind}>
                              {k.label}: {k.count}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
