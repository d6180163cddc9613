import { messages } from '../../wiring-messages';
import { jsonResponse } from '../middleware/api-responses';
import { messageRoute, referenceOf } from './route';

/** `POST /api/cases/{reference}/messages`: **Skicka** (with `Idempotency-Key`, sent once however often it is sent). */
export const handler = messageRoute(
  async (event) => {
    const thread = await messages().send(event.participant, referenceOf(event), event.jsonBody, event.headers?.['idempotency-key']);
    return jsonResponse(201, { done: 'Meddelandet är skickat.', thread });
  },
  { body: true },
);
