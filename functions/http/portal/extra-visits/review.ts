import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { extraVisitOf, portalRoute, referenceOf } from '../route';

/** `POST …/extra-visits/{extra}/review`: **Godkänn**, **Avslå** or **Fråga**. */
export const handler = portalRoute(async (event) => jsonResponse(200, await extraVisitUseCases().review(event.principal, referenceOf(event), extraVisitOf(event), event.jsonBody)), { body: true });
