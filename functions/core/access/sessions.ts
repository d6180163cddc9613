import { createHash, randomBytes } from 'node:crypto';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { DomainError } from '../kernel/errors';
import type { Clock } from '../kernel/clock';
import type { IdentityProvider, LoginAttemptStore, Session, SessionStore } from './ports';
import { principalFor, type Principal } from './principals';

/** A session ends after 30 minutes without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and 10 hours after login, however busy. */
export const SESSION_ABSOLUTE_MS = 10 * 3_600_000;
/** A login not finished within 10 minutes is forgotten. */
export const LOGIN_ATTEMPT_MS = 10 * 60_000;
/** `lastSeenAt` is written at most once a minute: a page's several requests cost one write. */
const TOUCH_EVERY_MS = 60_000;

const random = () => randomBytes(32).toString('base64url');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Where a login may return to: a portal page of our own, never another site. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !/^\/portal(\/[\w\-./%]*)?(\?[\w\-=&%.]*)?$/.test(value) || value.includes('//') || value.includes('..')) return '/portal';
  return value;
}

export class LoginFailedError extends DomainError {
  constructor(reason: string) {
    super(400, 'login_failed', `Inloggningen kunde inte slutföras (${reason}). Försök logga in igen.`);
  }
}

export class NoPortalAccountError extends DomainError {
  constructor() {
    super(403, 'no_portal_account', 'Du är inloggad, men har inget konto i Vistelse. Kontakta systemadministratören om du behöver ett.');
  }
}

export interface AccessDeps {
  sessions: SessionStore;
  logins: LoginAttemptStore;
  identityProvider: IdentityProvider;
  clock: Clock;
  config: MunicipalityConfig;
}

/**
 * Login, the backend-for-frontend's way (OpenID Connect, authorization code with PKCE, done
 * server-side): the browser never sees a token, only an opaque session id in an HttpOnly cookie.
 */
export const sessionsOf = (deps: AccessDeps) => ({
  /** Starts a login: the attempt is remembered under its `state`, which the browser also keeps (a cookie) to prove the callback is its own. */
  async startLogin(returnTo: string | undefined): Promise<{ redirectTo: string; state: string }> {
    const attempt = { state: random(), nonce: random(), codeVerifier: random(), returnTo: safeReturnTo(returnTo), createdAt: deps.clock.now().toISOString() };
    await deps.logins.save(attempt);
    const codeChallenge = createHash('sha256').update(attempt.codeVerifier).digest('base64url');
    return { redirectTo: await deps.identityProvider.authorizationUrl({ state: attempt.state, nonce: attempt.nonce, codeChallenge }), state: attempt.state };
  },

  /**
   * Finishes a login from the identity provider's callback: the state must be the one this browser
   * started (its cookie) and not older than 10 minutes; the code is exchanged and the ID token
   * verified; the person must be someone of this municipality's portal. Returns the new session's
   * id (for the cookie) and where to go.
   */
  async completeLogin(input: { callbackUrl: string; state: string | undefined; browserState: string | undefined }): Promise<{ sessionId: string; returnTo: string; principal: Principal }> {
    if (!input.state || !input.browserState || input.state !== input.browserState) throw new LoginFailedError('okänd inloggning');
    const attempt = await deps.logins.take(input.state);
    const now = deps.clock.now();
    if (!attempt || now.getTime() - Date.parse(attempt.createdAt) > LOGIN_ATTEMPT_MS) throw new LoginFailedError('inloggningen tog för lång tid');
    let identity;
    try {
      identity = await deps.identityProvider.exchange({ callbackUrl: input.callbackUrl, state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier });
    } catch (error) {
      throw new LoginFailedError(`identitetsleverantören: ${(error as Error).name}`);
    }
    const principal = principalOf(deps.config, identity.email, identity.groups);
    if (!principal) throw new NoPortalAccountError();
    const sessionId = random();
    const at = now.toISOString();
    await deps.sessions.create({ idHash: sha256(sessionId), email: principal.email, groups: identity.groups, csrfToken: random(), idToken: identity.idToken, createdAt: at, lastSeenAt: at });
    return { sessionId, returnTo: attempt.returnTo, principal };
  },

  /**
   * The person behind a session cookie, or `undefined` when there is none that holds: unknown,
   * idle 30 minutes, older than 10 hours, or the person no longer in the portal (e.g. a
   * caseworker made inactive).
   */
  async authenticate(sessionId: string | undefined): Promise<{ principal: Principal; session: Session } | undefined> {
    if (!sessionId || sessionId.length > 200) return undefined;
    const session = await deps.sessions.find(sha256(sessionId));
    if (!session) return undefined;
    const now = deps.clock.now().getTime();
    if (now - Date.parse(session.lastSeenAt) > SESSION_IDLE_MS || now - Date.parse(session.createdAt) > SESSION_ABSOLUTE_MS) {
      await deps.sessions.remove(session.idHash);
      return undefined;
    }
    const principal = principalOf(deps.config, session.email, session.groups);
    if (!principal) return undefined;
    if (now - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await deps.sessions.touch(session.idHash, new Date(now).toISOString());
    return { principal, session };
  },

  /** Ends the session; returns where the browser ends the identity provider's session too. */
  async logout(sessionId: string | undefined): Promise<{ endSessionUrl?: string }> {
    if (!sessionId) return {};
    const session = await deps.sessions.find(sha256(sessionId));
    if (!session) return {};
    await deps.sessions.remove(session.idHash);
    return { endSessionUrl: await deps.identityProvider.endSessionUrl(session.idToken) };
  },
});

/**
 * The principal for a verified e-mail address. Where the identity provider puts people in groups
 * (Cognito's groups are roles), the configured role must be one of them: both sides must agree.
 */
function principalOf(config: MunicipalityConfig, email: string, groups: string[] | undefined): Principal | undefined {
  const principal = principalFor(config, email);
  if (!principal) return undefined;
  if (groups && !groups.includes(principal.role)) return undefined;
  return principal;
}
