import * as client from 'openid-client';
import type { IdentityProvider, VerifiedIdentity } from '../core/access/ports';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** `<public base URL>/api/auth/callback`. */
  redirectUri: string;
  /** Where the identity provider's logout sends the browser back. */
  postLogoutRedirectUri: string;
  /**
   * The provider's logout endpoint when its discovery names no `end_session_endpoint`: Cognito's
   * `/logout` (on the user pool's domain), which takes `client_id` and `logout_uri`.
   */
  logoutEndpoint?: string;
}

/**
 * The identity provider through `openid-client` (panva): discovery, the authorization code flow
 * with PKCE, the ID token verified (signature, issuer, audience, expiry, nonce). The client is a
 * public one: the code is exchanged server-side, bound by PKCE to the login that started it, so
 * there is no client secret to keep, leak or rotate (Cognito would hand one to the functions only
 * through a custom resource). The same code against the local provider (`infra/local/oidc-provider.ts`) and Cognito; a
 * plain-HTTP issuer is allowed only on this machine (localhost).
 */
export class OpenIdClientProvider implements IdentityProvider {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  private config(): Promise<client.Configuration> {
    this.configuration ??= (async () => {
      const issuer = new URL(this.settings.issuer);
      const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
      const configuration = await client.discovery(issuer, this.settings.clientId, { token_endpoint_auth_method: 'none' }, client.None(), local ? { execute: [client.allowInsecureRequests] } : undefined);
      return configuration;
    })().catch((error) => {
      this.configuration = undefined; // try discovery again on the next login
      throw error;
    });
    return this.configuration;
  }

  async authorizationUrl({ state, nonce, codeChallenge }: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    return client
      .buildAuthorizationUrl(await this.config(), {
        redirect_uri: this.settings.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      })
      .toString();
  }

  async exchange({ callbackUrl, state, nonce, codeVerifier }: { callbackUrl: string; state: string; nonce: string; codeVerifier: string }): Promise<VerifiedIdentity> {
    const tokens = await client.authorizationCodeGrant(await this.config(), new URL(callbackUrl), { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    return identityOfClaims(tokens.claims() ?? {}, tokens.id_token);
  }

  async endSessionUrl(idToken: string): Promise<string | undefined> {
    const configuration = await this.config();
    if (configuration.serverMetadata().end_session_endpoint) {
      return client.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.settings.postLogoutRedirectUri }).toString();
    }
    if (!this.settings.logoutEndpoint) return undefined;
    const url = new URL(this.settings.logoutEndpoint);
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('logout_uri', this.settings.postLogoutRedirectUri);
    return url.toString();
  }
}

/**
 * Who a verified ID token names. A person of the identity provider's own (Cognito's users, the
 * local provider's accounts) needs a verified e-mail address, and where the provider has groups
 * (Cognito's are our roles) they go along to be matched against the configured role. A person
 * federated from the municipality's own identity provider (Cognito's `identities` claim) is
 * vouched for by that provider — the address and the login, MFA included — and is in no group of
 * ours: the role is the one our configuration gives the address.
 */
export function identityOfClaims(claims: Record<string, unknown>, idToken: string | undefined): VerifiedIdentity {
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const federated = Array.isArray(claims.identities) && claims.identities.length > 0;
  const unverified = claims.email_verified === false || claims.email_verified === 'false';
  if (!email || !idToken || (unverified && !federated)) throw new Error('The ID token names no verified e-mail address');
  if (federated) return { email, idToken };
  const rawGroups = claims['cognito:groups'] ?? claims.groups;
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : undefined;
  return { email, ...(groups ? { groups } : {}), idToken };
}
