import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOfClaims, OpenIdClientProvider } from '../../../functions/adapters/openid-client-idp';

/**
 * Logging out at the identity provider. The local provider's discovery names an
 * `end_session_endpoint` (covered by the portal's integration tests); Cognito's names none, and its
 * `/logout` on the user pool's domain takes `client_id` and `logout_uri` instead — without it,
 * Cognito's own session would outlive the portal's, and the next login on a shared computer would
 * pass without a password.
 */
let server: Server;
let issuer: string;
let withEndSession = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/oauth2/authorize`,
        token_endpoint: `${issuer}/oauth2/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        ...(withEndSession ? { end_session_endpoint: `${issuer}/session/end` } : {}),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const settings = () => ({ issuer, clientId: 'portal-client', redirectUri: 'https://vistelse.example/api/auth/callback', postLogoutRedirectUri: 'https://vistelse.example/portal/utloggad' });

describe('the identity provider’s logout', () => {
  it('uses the logout endpoint it was given when discovery names none (Cognito)', async () => {
    withEndSession = false;
    const url = new URL((await new OpenIdClientProvider({ ...settings(), logoutEndpoint: 'https://vistelse-123.auth.eu-north-1.amazoncognito.com/logout' }).endSessionUrl('id-token'))!);
    expect(url.origin + url.pathname).toBe('https://vistelse-123.auth.eu-north-1.amazoncognito.com/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'portal-client', logout_uri: 'https://vistelse.example/portal/utloggad' });
  });

  it('prefers the end_session_endpoint discovery names, with the ID token as hint', async () => {
    withEndSession = true;
    const url = new URL((await new OpenIdClientProvider({ ...settings(), logoutEndpoint: 'https://elsewhere.example/logout' }).endSessionUrl('id-token'))!);
    expect(url.origin + url.pathname).toBe(`${issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toBe('id-token');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('https://vistelse.example/portal/utloggad');
  });

  it('has none when the provider has none and none was given: only our session ends', async () => {
    withEndSession = false;
    expect(await new OpenIdClientProvider(settings()).endSessionUrl('id-token')).toBeUndefined();
  });
});

describe('who an ID token names', () => {
  it('a user of the provider’s own: a verified address, and the groups (Cognito’s roles) to be matched', () => {
    expect(identityOfClaims({ email: 'maria.ek@sundbyberg.example', email_verified: true, 'cognito:groups': ['unit_head'] }, 'tok')).toEqual({ email: 'maria.ek@sundbyberg.example', groups: ['unit_head'], idToken: 'tok' });
    expect(identityOfClaims({ email: 'maria.ek@sundbyberg.example' }, 'tok')).toEqual({ email: 'maria.ek@sundbyberg.example', idToken: 'tok' });
  });

  it('refuses an unverified address of the provider’s own users, and a token without an address', () => {
    expect(() => identityOfClaims({ email: 'maria.ek@sundbyberg.example', email_verified: false }, 'tok')).toThrow(/verified/);
    expect(() => identityOfClaims({ email: 'maria.ek@sundbyberg.example', email_verified: 'false' }, 'tok')).toThrow(/verified/);
    expect(() => identityOfClaims({ email_verified: true }, 'tok')).toThrow(/verified/);
    expect(() => identityOfClaims({ email: 'maria.ek@sundbyberg.example', email_verified: true }, undefined)).toThrow();
  });

  it('a person federated from the municipality’s provider: vouched for by it, the role from our configuration, not from groups', () => {
    const federated = {
      email: 'maria.ek@sundbyberg.example',
      email_verified: 'false',
      'cognito:groups': ['eu-north-1_AbC_Sundbyberg'],
      identities: [{ providerName: 'Sundbyberg', providerType: 'SAML', userId: 'maria.ek@sundbyberg.example' }],
    };
    expect(identityOfClaims(federated, 'tok')).toEqual({ email: 'maria.ek@sundbyberg.example', idToken: 'tok' });
  });
});
