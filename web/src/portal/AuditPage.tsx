import { useEffect, useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../shared/api';
import type { AuditLogResponse } from '../../../shared/portal';
import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { portalGet } from './api';
import { formatDateTime } from './labels';
import { portalTitle } from './PortalApp';

const VIEWS: Record<string, string> = { case: 'ärendet', assignments: 'uppdraget', registration: 'registreringsuppgiften', billing: 'faktureringsunderlaget', orderer: 'beställarens sida' };
const FIELDS: Record<string, string> = { person: 'personuppgifter', decisionText: 'beslutets text', messages: 'meddelanden', attachment: 'en bifogad fil' };
/** Who read: our roles, and the orderer from the home municipality (who has no account, but a code). */
const roleLabel = (role: string) => (role === 'orderer' ? 'Beställare (hemkommunen)' : (ROLE_LABELS[role as Role] ?? role));

/** Who has read the case's personal data, and when (the unit head's). */
export function AuditPage({ reference }: { reference: string }) {
  const [log, setLog] = useState<AuditLogResponse>();
  const [failed, setFailed] = useState<string>();
  useDocumentTitle(portalTitle(`Logg över läsningar – ${reference}`));
  useEffect(() => {
    portalGet<AuditLogResponse>(`/portal/cases/${encodeURIComponent(reference)}/audit`).then(setLog, (e: Error) => setFailed(e.message));
  }, [reference]);
  return (
    <>
      <p>
        <Link className="back-link" href={`/portal/arenden/${encodeURIComponent(reference)}`}>
          Tillbaka till ärendet
        </Link>
      </p>
      <h1>Logg över läsningar av personuppgifter – {reference}</h1>
      {failed && <p role="alert">{failed}</p>}
      {!log && !failed && (
        <p role="status" className="loading">
          Hämtar loggen …
        </p>
      )}
      {log && (
        <table className="table">
          <caption className="visually-hidden">Varje läsning av ärendets personuppgifter</caption>
          <thead>
            <tr>
              <th scope="col">När</th>
              <th scope="col">Vem</th>
              <th scope="col">Roll</th>
              <th scope="col">Vad</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e, i) => (
              <tr key={i}>
                <td>{formatDateTime(e.at)}</td>
                <td>
                  {e.name}
                  <div className="caption">{e.email}</div>
                </td>
                <td>{roleLabel(e.role)}</td>
                <td>
                  {e.what.map((w) => FIELDS[w] ?? w).join(', ')} i {VIEWS[e.view] ?? e.view}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
