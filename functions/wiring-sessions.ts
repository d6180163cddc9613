import { sessionsOf } from './core/access/sessions';
import type { IdentityProvider } from './core/access/ports';
import { municipalityConfig, stores, systemClock } from './wiring';

/**
 * Sessions for the portal's data routes: they only look a session up (`authenticate`) and never
 * talk to the identity provider, so they don't load its client (`openid-client` is in
 * `wiring-auth.ts`, for the login routes).
 */
const noIdentityProvider: IdentityProvider = {
  authorizationUrl: () => Promise.reject(new Error('The portal’s data routes do not log in')),
  exchange: () => Promise.reject(new Error('The portal’s data routes do not log in')),
  endSessionUrl: () => Promise.reject(new Error('The portal’s data routes do not log out')),
};

let built: ReturnType<typeof sessionsOf> | undefined;
export function sessionLookup(): Pick<ReturnType<typeof sessionsOf>, 'authenticate'> {
  built ??= sessionsOf({ sessions: stores().sessions, logins: stores().logins, identityProvider: noIdentityProvider, clock: systemClock, config: municipalityConfig });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetSessionLookup(): void {
  built = undefined;
}
