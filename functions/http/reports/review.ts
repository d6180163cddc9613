import { timeReports } from '../../wiring-reports';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from '../portal/route';

/** `POST …/time-reports/{insats}/{month}/review`: the caseworker's **Godkänn** or **Skicka tillbaka**. */
export const handler = portalRoute(
  async (event) => {
    const { insats = '', month = '' } = event.pathParameters ?? {};
    const reports = await timeReports().review(event.principal, referenceOf(event), insats, month, event.jsonBody);
    const approved = (event.jsonBody as { decision?: string } | undefined)?.decision === 'approve';
    return jsonResponse(200, {
      done: approved ? 'Tidrapporten är godkänd och ingår i fakturaunderlaget. Ekonomiassistenterna och avgiftshandläggarna har fått besked.' : 'Tidrapporten är skickad tillbaka till utföraren med din kommentar.',
      reports,
    });
  },
  { body: true },
);
