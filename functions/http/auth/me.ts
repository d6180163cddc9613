import { organisationOf, ROLE_LABELS } from '../../core/access/principals';
import type { Me } from '../../../shared/api';
import { municipalityConfig } from '../../wiring';
import { jsonResponse} from '../middleware/api-responses';
import { portalSession, type PortalEvent } from '../middleware/portal-session';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/** `GET /api/auth/me`: who is logged in, their role and organisation, and the session's CSRF token. */
export const handler = httpFunction<PortalEvent>()
  .use(rateLimit())
  .use(portalSession())
  .handler(async ({ principal, session }) => {
    const me: Me = {
      name: principal.name,
      email: principal.email,
      role: principal.role,
      roleLabel: ROLE_LABELS[principal.role],
      organisation: organisationOf(municipalityConfig, principal),
      csrfToken: session.csrfToken,
    };
    return jsonResponse(200, me);
  });
