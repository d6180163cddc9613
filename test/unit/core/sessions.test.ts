import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import type { IdentityProvider } from '../../../functions/core/access/ports';
import { LoginFailedError, NoPortalAccountError, safeReturnTo, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionsOf } from '../../../functions/core/access/sessions';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { inMemoryStores } from '../../support/in-memory-stores';

const config = parseMunicipalityConfig(demo);

/** An identity provider that vouches for whoever the test says logged in. */
function setup(identity: { email: string; groups?: string[] } = { email: 'anders.holm@sundbyberg.example' }) {
  const stores = inMemoryStores();
  const clock = { at: new Date('2026-12-02T08:00:00Z') };
  const idp: IdentityProvider = {
    authorizationUrl: async ({ state, codeChallenge }) => `https://idp.example/auth?state=${state}&code_challenge=${codeChallenge}`,
    exchange: async ({ callbackUrl, state }) => {
      if (!callbackUrl.includes(`state=${state}`)) throw new Error('state mismatch');
      return { ...identity, idToken: 'id.token.sig' };
    },
    endSessionUrl: async () => 'https://idp.example/logout',
  };
  const sessions = sessionsOf({ sessions: stores.sessions, logins: stores.logins, identityProvider: idp, clock: { now: () => clock.at }, config });
  const login = async (returnTo = '/portal/arenden/TV-2026-00001') => {
    const { state } = await sessions.startLogin(returnTo);
    return sessions.completeLogin({ callbackUrl: `https://vistelse.example/api/auth/callback?code=c&state=${state}`, state, browserState: state });
  };
  const later = (ms: number) => (clock.at = new Date(clock.at.getTime() + ms));
  return { sessions, stores, login, later };
}

describe('staff sessions', () => {
  it('logs in: the session id goes in the cookie, only its hash is stored, and the person is the configuration’s', async () => {
    const { sessions, stores, login } = setup();
    const { sessionId, returnTo, principal } = await login();
    expect(returnTo).toBe('/portal/arenden/TV-2026-00001');
    expect(principal).toMatchObject({ role: 'caseworker', caseworkerId: 'anders-holm' });
    expect([...stores.sessions.sessions.keys()]).not.toContain(sessionId);
    expect(await sessions.authenticate(sessionId)).toMatchObject({ principal: { email: 'anders.holm@sundbyberg.example' } });
  });

  it('ends a session idle for 30 minutes, and any session 10 hours after login however busy', async () => {
    const { sessions, login, later } = setup();
    const idle = (await login()).sessionId;
    later(SESSION_IDLE_MS - 1000);
    expect(await sessions.authenticate(idle)).toBeDefined();
    later(SESSION_IDLE_MS + 1000);
    expect(await sessions.authenticate(idle)).toBeUndefined();

    const busy = (await login()).sessionId;
    for (let t = 0; t < SESSION_ABSOLUTE_MS; t += 20 * 60_000) {
      expect(await sessions.authenticate(busy)).toBeDefined();
      later(20 * 60_000);
    }
    later(1000);
    expect(await sessions.authenticate(busy)).toBeUndefined();
  });

  it('knows no tampered or made-up session id', async () => {
    const { sessions, login } = setup();
    const { sessionId } = await login();
    expect(await sessions.authenticate(`${sessionId.slice(0, -1)}${sessionId.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await sessions.authenticate('')).toBeUndefined();
    expect(await sessions.authenticate(undefined)).toBeUndefined();
    expect(await sessions.authenticate('x'.repeat(5000))).toBeUndefined();
  });

  it('finishes only a login this browser started, once, within 10 minutes', async () => {
    const { sessions, later } = setup();
    const { state } = await sessions.startLogin('/portal');
    const callbackUrl = `https://vistelse.example/api/auth/callback?code=c&state=${state}`;
    await expect(sessions.completeLogin({ callbackUrl, state, browserState: 'another-browser' })).rejects.toBeInstanceOf(LoginFailedError);
    await expect(sessions.completeLogin({ callbackUrl, state, browserState: undefined })).rejects.toBeInstanceOf(LoginFailedError);
    const { state: late } = await sessions.startLogin('/portal');
    later(11 * 60_000);
    await expect(sessions.completeLogin({ callbackUrl: callbackUrl.replace(state, late), state: late, browserState: late })).rejects.toBeInstanceOf(LoginFailedError);
    const { state: once } = await sessions.startLogin('/portal');
    const url = callbackUrl.replace(state, once);
    await sessions.completeLogin({ callbackUrl: url, state: once, browserState: once });
    await expect(sessions.completeLogin({ callbackUrl: url, state: once, browserState: once })).rejects.toBeInstanceOf(LoginFailedError);
  });

  it('lets in only the configuration’s people: not an unknown address, not an inactive caseworker, not a role the identity provider’s groups deny', async () => {
    await expect(setup({ email: 'someone@elsewhere.example' }).login()).rejects.toBeInstanceOf(NoPortalAccountError);
    await expect(setup({ email: 'gun.akesson@sundbyberg.example' }).login()).rejects.toBeInstanceOf(NoPortalAccountError);
    await expect(setup({ email: 'anders.holm@sundbyberg.example', groups: ['provider'] }).login()).rejects.toBeInstanceOf(NoPortalAccountError);
    await expect(setup({ email: 'Anders.Holm@Sundbyberg.example', groups: ['caseworker'] }).login()).resolves.toMatchObject({ principal: { role: 'caseworker' } });
  });

  it('logs out: the session is gone, and the identity provider’s logout is where the browser goes', async () => {
    const { sessions, login } = setup();
    const { sessionId } = await login();
    expect(await sessions.logout(sessionId)).toEqual({ endSessionUrl: 'https://idp.example/logout' });
    expect(await sessions.authenticate(sessionId)).toBeUndefined();
  });

  it.each([
    ['/portal/arenden/TV-2026-00001', '/portal/arenden/TV-2026-00001'],
    ['/portal/uppdrag/TV-2026-00001', '/portal/uppdrag/TV-2026-00001'],
    ['https://evil.example/portal', '/portal'],
    ['//evil.example/portal', '/portal'],
    ['/portal/../api/orders', '/portal'],
    ['/', '/portal'],
    [undefined, '/portal'],
  ])('returns after login to %s → %s, never elsewhere', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });
});
