import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `GET …/extra-visits`: the case's extra visits as the person may see them. */
export const handler = portalRoute(async (event) => jsonResponse(200, await extraVisitUseCases().caseList(event.principal, referenceOf(event))));
