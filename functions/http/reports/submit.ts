import { timeReports } from '../../wiring-reports';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from '../portal/route';

/** `POST …/time-reports/{insats}/{month}`: **Skicka tidrapporten** (a new version after a return). */
export const handler = portalRoute(
  async (event) => {
    const { insats = '', month = '' } = event.pathParameters ?? {};
    const reports = await timeReports().submit(event.principal, referenceOf(event), insats, month, event.jsonBody);
    return jsonResponse(200, { done: 'Tidrapporten är inskickad. Handläggaren har fått besked om att stämma av den.', reports });
  },
  { body: true },
);
