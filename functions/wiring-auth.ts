import { OpenIdClientProvider } from './adapters/openid-client-idp';
import { sessionsOf } from './core/access/sessions';
import { env, oidcSettings } from './env';
import { municipalityConfig, stores, systemClock } from './wiring';

/**
 * Login and sessions for the portal's functions: the session store in the table and the identity
 * provider through `openid-client` (built on first use: the portal's data routes only read
 * sessions and never talk to the identity provider).
 */
let built: ReturnType<typeof sessionsOf> | undefined;
export function portalSessions(): ReturnType<typeof sessionsOf> {
  if (!built) {
    const base = env().PUBLIC_BASE_URL;
    let identityProvider: OpenIdClientProvider | undefined;
    const provider = () => (identityProvider ??= new OpenIdClientProvider({ ...oidcSettings(), redirectUri: `${base}/api/auth/callback`, postLogoutRedirectUri: `${base}/portal/utloggad` }));
    built = sessionsOf({
      sessions: stores().sessions,
      logins: stores().logins,
      identityProvider: {
        authorizationUrl: (input) => provider().authorizationUrl(input),
        exchange: (input) => provider().exchange(input),
        endSessionUrl: (idToken) => provider().endSessionUrl(idToken),
      },
      clock: systemClock,
      config: municipalityConfig,
    });
  }
  return built;
}

/** The local stack starts again in one process with another identity provider. */
export function resetPortalSessions(): void {
  built = undefined;
}
