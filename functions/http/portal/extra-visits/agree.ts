import { extraVisitUseCases } from '../../../wiring-extra-visits';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/extra-agreements`: the caseworker's **Överenskommelse om extrainsats**. */
export const handler = portalRoute(async (event) => jsonResponse(201, await extraVisitUseCases().agree(event.principal, referenceOf(event), event.jsonBody)), { body: true });
