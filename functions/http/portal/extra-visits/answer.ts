import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { extraVisitOf, portalRoute, referenceOf } from '../route';

/** `POST …/extra-visits/{extra}/answer`: the provider's answer to the caseworker's question. */
export const handler = portalRoute(async (event) => jsonResponse(200, await extraVisitUseCases().answer(event.principal, referenceOf(event), extraVisitOf(event), event.jsonBody)), { body: true });
