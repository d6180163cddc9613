import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { portalUsers } from '../../functions/core/access/principals';
import type { MunicipalityConfig } from '../../shared/municipality';

/** The password of every local account — on this machine only, never in AWS. */
export const LOCAL_PASSWORD = 'demo';

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  stop(): Promise<void>;
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self' http://localhost:* http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const STYLE = `body{font-family:Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;max-width:28rem;margin:2rem auto;padding:0 1rem}
label{display:block;font-weight:bold;margin-top:1rem}input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:2px solid #1b1b1b;margin-top:.25rem}
input:focus,button:focus{outline:3px solid #ffbf47;outline-offset:2px}button{font:inherit;font-weight:bold;margin-top:1.5rem;padding:.6rem 1.2rem;background:#00703c;color:#fff;border:0;cursor:pointer}
.fel{border:3px solid #b10e1e;padding:.75rem 1rem;margin:1rem 0}.fel a{color:#b10e1e;font-weight:bold}.hint{color:#444;font-size:.9rem}`;

/** A page of the local identity provider (its icon an empty `data:` one, so that the browser asks for no `/favicon.ico` it would log as a 404). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><link rel="icon" href="data:,"><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The Swedish login page: **E-postadress**, **Lösenord**, **Logga in**; an error is summarized and linked to its field. */
function loginPage(uid: string, error?: { message: string; email: string }): string {
  const summary = error
    ? `<div class="fel" role="alert" tabindex="-1" id="fel"><h2>Det gick inte att logga in</h2><p><a href="#email">${escape(error.message)}</a></p></div>`
    : '';
  return page(
    'Logga in – Vistelse',
    `<h1>Logga in i Vistelse</h1>${summary}
<form method="post" action="/interaction/${escape(uid)}/login" novalidate>
<label for="email">E-postadress</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escape(error?.email ?? '')}"${error ? ' aria-describedby="fel" aria-invalid="true"' : ''}>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Logga in</button>
</form>
<p class="hint">Lokal identitetsleverantör för utveckling: alla demokonton har lösenordet <code>${LOCAL_PASSWORD}</code>.</p>`,
  );
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 10_000) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * A real OpenID Connect provider on this machine (`oidc-provider`: discovery, JWKS, signed ID
 * tokens, authorization code with PKCE) standing in for Cognito. Its accounts are the
 * configuration's people who may log in ("who logs in"; an inactive caseworker's account is
 * disabled), each with the password `demo`; its login page is in Swedish. It signs with a key made
 * at start; the portal is a public client with PKCE, as it is at Cognito.
 */
export async function startLocalOidcProvider(options: {
  port: number;
  config: MunicipalityConfig;
  /** The portal's callback (`<base>/api/auth/callback`). */
  redirectUri: string;
  postLogoutRedirectUri: string;
}): Promise<LocalOidcProvider> {
  const issuer = `http://localhost:${options.port}`;
  const clientId = 'vistelse-portal';
  const accounts = new Map(portalUsers(options.config).map(({ principal }) => [principal.email.toLowerCase(), principal]));
  const disabled = new Set(options.config.caseworkers.filter((c) => !c.active).map((c) => c.email.toLowerCase()));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_name: 'Vistelse',
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // A public client with PKCE, as the portal's client at Cognito is.
        token_endpoint_auth_method: 'none',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    ttl: { Interaction: 10 * 60, Session: 10 * 3600, Grant: 10 * 3600, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The name, e-mail and groups in the ID token itself, as Cognito puts them.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      const principal = accounts.get(id.toLowerCase());
      if (!principal) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: principal.email, email_verified: true, name: principal.name, groups: [principal.role] }) };
    },
    // The portal is our own: no consent page, the grant is implied.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Logga ut – Vistelse', `<h1>Logga ut</h1><p>Vill du logga ut från Vistelse?</p>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Logga ut</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Utloggad – Vistelse', '<h1>Du är utloggad</h1><p>Du kan stänga fönstret.</p>');
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Fel – Vistelse', `<h1>Något gick fel vid inloggningen</h1><p>${escape(String(out.error_description ?? out.error))}</p>`);
    },
  });

  const oidc = provider.callback();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', issuer);
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
      if (!match) return oidc(req, res);
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== match[1]) throw new Error('interaction mismatch');
      if (!match[2] && req.method === 'GET') {
        res.writeHead(200, PAGE_HEADERS);
        return res.end(loginPage(details.uid));
      }
      if (match[2] && req.method === 'POST') {
        const form = await readForm(req);
        const email = (form.get('email') ?? '').trim().toLowerCase();
        const message = disabled.has(email)
          ? 'Kontot är avstängt.'
          : !accounts.has(email) || form.get('password') !== LOCAL_PASSWORD
            ? 'Fel e-postadress eller lösenord.'
            : undefined;
        if (message) {
          res.writeHead(200, PAGE_HEADERS);
          return res.end(loginPage(details.uid, { message, email: form.get('email') ?? '' }));
        }
        return provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      }
      res.writeHead(405, { allow: 'GET, POST' });
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, PAGE_HEADERS);
      res.end(page('Fel – Vistelse', `<h1>Inloggningen gick inte att fortsätta</h1><p>${escape((error as Error).message)}. Börja om från portalen.</p>`));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientId,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
