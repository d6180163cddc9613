/** A staff member's session in the portal: the browser holds only its id, in an HttpOnly cookie. */
export interface Session {
  /** SHA-256 of the id in the cookie: the id itself is never stored. */
  idHash: string;
  /** Who logged in, as the identity provider vouched for them; their role is read from the configuration on every request. */
  email: string;
  /** Groups the identity provider put the person in (Cognito's groups are roles), if it says. */
  groups?: string[];
  /** The synchronizer token every state-changing request must carry (`x-csrf-token`). */
  csrfToken: string;
  /** The ID token, kept server-side for the identity provider's logout (`id_token_hint`). */
  idToken: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  find(idHash: string): Promise<Session | undefined>;
  /** Marks the session used now (its idle time starts again). */
  touch(idHash: string, at: string): Promise<void>;
  remove(idHash: string): Promise<void>;
}

/** A login on its way through the identity provider: what the callback must find again. */
export interface LoginAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The portal page to go back to after login (the link a mail named). */
  returnTo: string;
  createdAt: string;
}

export interface LoginAttemptStore {
  save(attempt: LoginAttempt): Promise<void>;
  /** The attempt with this state, removed as it is read: a callback works once. */
  take(state: string): Promise<LoginAttempt | undefined>;
}

/** What the identity provider vouched for after a successful login. */
export interface VerifiedIdentity {
  email: string;
  groups?: string[];
  idToken: string;
}

/** The OpenID Connect provider (the local one, or Cognito), as the backend-for-frontend talks to it. */
export interface IdentityProvider {
  authorizationUrl(input: { state: string; nonce: string; codeChallenge: string }): Promise<string>;
  /** Exchanges the callback's code (with the PKCE verifier) for tokens and verifies the ID token. */
  exchange(input: { callbackUrl: string; state: string; nonce: string; codeVerifier: string }): Promise<VerifiedIdentity>;
  /** Where the browser ends the provider's own session, if it has such an endpoint. */
  endSessionUrl(idToken: string): Promise<string | undefined>;
}

/**
 * The orderer's one-time code: one live code per case (a new one replaces the old), kept only as
 * a salted hash, with the wrong guesses made against it.
 */
export interface OrdererCode {
  caseId: string;
  /** The address it went to: the one the order came from. */
  email: string;
  codeHash: string;
  salt: string;
  sentAt: string;
  expiresAt: string;
  attempts: number;
}

export interface OrdererCodeStore {
  /** The case's new code (the earlier one no longer works). */
  save(code: OrdererCode): Promise<void>;
  find(caseId: string): Promise<OrdererCode | undefined>;
  /** One more wrong guess against this very code: the new count, or `undefined` if the code changed or is gone. */
  countWrongGuess(caseId: string, codeHash: string): Promise<number | undefined>;
  /** Uses the code up (it works once): `false` if it is no longer there, another, or guessed at too often. */
  consume(caseId: string, codeHash: string, maxAttempts: number): Promise<boolean>;
}

/** An orderer's short session, for one case only. */
export interface OrdererSession {
  idHash: string;
  caseId: string;
  email: string;
  csrfToken: string;
  createdAt: string;
}

export interface OrdererSessionStore {
  create(session: OrdererSession): Promise<void>;
  find(idHash: string): Promise<OrdererSession | undefined>;
  remove(idHash: string): Promise<void>;
}

/** Fixed-window counters for what is limited (codes sent per case and per address, wrong codes per case). */
export interface RateWindows {
  /** Counts one more in the window that holds `now` and returns the window's count. */
  hit(name: string, windowMs: number, now: Date): Promise<number>;
  /** The window's count without counting. */
  count(name: string, windowMs: number, now: Date): Promise<number>;
}
