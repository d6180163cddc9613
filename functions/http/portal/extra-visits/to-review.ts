import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute } from '../route';

/** `GET /api/portal/extra-visits`: **Extrabesök att granska**, the caseworker's. */
export const handler = portalRoute(async (event) => jsonResponse(200, await extraVisitUseCases().reviewList(event.principal)));
