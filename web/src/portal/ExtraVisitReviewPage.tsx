import { useCallback, useEffect, useState } from 'react';
import type { ExtraVisitReview } from '../../../shared/extra-visits';
import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { portalGet } from './api';
import { ExtraVisitItem, ReviewExtraForm } from './ExtraVisits';
import { Done } from './forms';
import { portalTitle } from './PortalApp';

/**
 * **Extrabesök att granska** (seed 004: at least once a week): every extra visit of the
 * caseworker's cases still to be decided, the oldest first with its age in days, each with its
 * **Godkänn**, **Avslå** and **Fråga**.
 */
export function ExtraVisitReviewPage() {
  const [list, setList] = useState<ExtraVisitReview>();
  const [failed, setFailed] = useState<string>();
  const [done, setDone] = useState<string>();
  useDocumentTitle(portalTitle('Extrabesök att granska'));
  const load = useCallback(() => portalGet<ExtraVisitReview>('/portal/extra-visits').then(setList, (e: Error) => setFailed(e.message)), []);
  useEffect(() => {
    void load();
  }, [load]);
  const overWeek = list?.rows.filter((r) => r.ageDays > 7).length ?? 0;
  return (
    <>
      <h1>Extrabesök att granska</h1>
      <p>Extrabesök som utförarna har registrerat i dina ärenden och som inte är avgjorda, det äldsta först. Granska dem minst en gång i veckan.</p>
      {done && <Done message={done} />}
      {failed && <p role="alert">{failed}</p>}
      {!list && !failed && (
        <p role="status" className="loading">
          Hämtar extrabesöken …
        </p>
      )}
      {list &&
        (list.rows.length === 0 ? (
          <p>Det finns inga extrabesök att granska.</p>
        ) : (
          <>
            <p>
              {list.rows.length === 1 ? '1 extrabesök väntar' : `${list.rows.length} extrabesök väntar`} på granskning
              {overWeek > 0 ? `, varav ${overWeek} har väntat mer än en vecka` : ''}.
            </p>
            <ol className="plain-list">
              {list.rows.map((e) => (
                <li key={e.id} className="panel-row">
                  <ExtraVisitItem extra={e} headingLevel={2} showCase />
                  <p>
                    <Link href={`/portal/arenden/${encodeURIComponent(e.reference)}`}>Öppna ärende {e.reference}</Link>
                  </p>
                  {e.actions.review && (
                    <ReviewExtraForm
                      extra={e}
                      onDone={(message) => {
                        setDone(`${e.reference}: ${message}`);
                        void load();
                      }}
                    />
                  )}
                </li>
              ))}
            </ol>
          </>
        ))}
    </>
  );
}
