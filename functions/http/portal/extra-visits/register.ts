import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/extra-visits`: the provider's **Registrera extrabesök**. */
export const handler = portalRoute(async (event) => jsonResponse(201, await extraVisitUseCases().register(event.principal, referenceOf(event), event.jsonBody)), { body: true });
