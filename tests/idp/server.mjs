// Test OpenID Provider for jitsi-oidc-bridge integration tests (oidc-provider 8.x).
// stdout carries exactly one JSON line (issuer, port, admin_token) so a harness can parse it;
// everything else goes to stderr. See README.md for the HTTP walk a test must do.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { MapAdapter } from './store.mjs';
import { adminApi } from './admin.mjs';

// oidc-provider prints notices with console.info (stdout); keep stdout clean.
console.log = console.info = (...args) => console.error(...args);

const env = process.env;
const log = (...args) => console.error('[idp]', ...args);

// Static users; the admin API may change their `groups`.
// `sub` is an opaque id on purpose so tests can't confuse it with the login name.
const USERS = {
  alice: { password: 'alice-pw', sub: 'u-alice', name: 'Alice Admin', email: 'alice@example.com', picture: 'https://example.com/alice.png', groups: ['employees', 'moderators'] },
  bob: { password: 'bob-pw', sub: 'u-bob', name: 'Bob Builder', email: 'bob@example.com', picture: 'https://example.com/bob.png', groups: ['employees'] },
  carol: { password: 'carol-pw', sub: 'u-carol', name: 'Carol Contractor', email: 'carol@example.com', picture: 'https://example.com/carol.png', groups: ['contractors'] },
  dave: { password: 'dave-pw', sub: 'u-dave', name: 'Dave Nogroups', email: 'dave@example.com', picture: 'https://example.com/dave.png' }, // no groups claim at all
  eve: { password: 'eve-pw', sub: 'u-eve', name: 'Ève Ünicode', email: 'eve@example.com', picture: 'https://example.com/eve.png', groups: ['employees'] },
  // Keycloak-style full-path groups, in another case than the bridge's rules.
  frank: { password: 'frank-pw', sub: 'u-frank', name: 'Frank Pathgroups', email: 'frank@example.com', groups: ['/Employees/Sales', '/Staff/Moderators'] },
  // No groups; a partner domain, verified (heidi) or not (ivan).
  heidi: { password: 'heidi-pw', sub: 'u-heidi', name: 'Heidi Partner', email: 'heidi@partner.example', groups: [] },
  // Keycloak-style realm roles (realm_access.roles) and no groups.
  grace: { password: 'grace-pw', sub: 'u-grace', name: 'Grace Roles', email: 'grace@example.com', groups: [], realm_access: { roles: ['jitsi-user', 'jitsi-moderator'] } },
  // Signs in with a second factor (acr urn:test:mfa).
  mia: { password: 'mia-pw', sub: 'u-mia', name: 'Mia Multifactor', email: 'mia@example.com', groups: ['employees'], acr: 'urn:test:mfa' },
  ivan: { password: 'ivan-pw', sub: 'u-ivan', name: 'Ivan Unverified', email: 'ivan@partner.example', email_verified: false, groups: [] },
};
const BY_SUB = new Map(Object.values(USERS).map((u) => [u.sub, u]));

// --- lifetime: never outlive the harness ------------------------------------------------
const exit = (why, code = 0) => { log(`exiting: ${why}`); process.exit(code); };
process.on('SIGTERM', () => exit('SIGTERM'));
process.on('SIGINT', () => exit('SIGINT'));
// A harness pipes stdin and keeps it open; if the harness dies the pipe closes and we follow.
// A TTY (someone running it by hand) or IDP_IGNORE_STDIN=1 (background demo) opts out.
if (!process.stdin.isTTY && env.IDP_IGNORE_STDIN !== '1') {
  process.stdin.on('end', () => exit('stdin closed'));
  process.stdin.on('error', () => exit('stdin error'));
  process.stdin.resume(); // drain whatever is written; 'end' only fires in flowing mode
}
const maxSeconds = Number(env.IDP_MAX_SECONDS || 1800);
setTimeout(() => exit(`IDP_MAX_SECONDS=${maxSeconds} reached`, 2), maxSeconds * 1000).unref();

// --- listen first: with IDP_PORT=0 the issuer URL is only known after bind -----------------
let handler = (req, res) => { res.statusCode = 503; res.end(); };
// IDP_TLS_CERT / IDP_TLS_KEY (PEM files): serve https, as a provider behind a
// private CA does; the issuer is then https://localhost:<port>.
const tls = env.IDP_TLS_CERT && env.IDP_TLS_KEY
  ? { cert: readFileSync(env.IDP_TLS_CERT), key: readFileSync(env.IDP_TLS_KEY) }
  : null;
const server = tls
  ? createTlsServer(tls, (req, res) => handler(req, res))
  : createServer((req, res) => handler(req, res));
server.on('error', (err) => exit(`listen failed: ${err.message}`, 1));
await new Promise((resolve) => server.listen(Number(env.IDP_PORT || 0), '127.0.0.1', resolve));
const { port } = server.address();
// IDP_ISSUER_HOST=localhost makes the provider another *site* than a bridge on
// 127.0.0.1 (browsers ignore ports for SameSite), while still listening on loopback only.
const issuer = tls
  ? `https://localhost:${port}`
  : `http://${env.IDP_ISSUER_HOST === 'localhost' ? 'localhost' : '127.0.0.1'}:${port}`;

// Fresh RS256 signing key and cookie keys per start: nothing secret lives in the repo.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: `idp-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
const adminToken = randomBytes(24).toString('base64url');

const demoRedirectUri = env.IDP_DEMO_REDIRECT_URI || 'http://127.0.0.1:8080/callback';
const demoBackchannelUri = env.IDP_DEMO_BACKCHANNEL_LOGOUT_URI;

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.IDP_DEMO_CLIENT_ID || 'jitsi-bridge-demo',
    client_secret: env.IDP_DEMO_CLIENT_SECRET || 'demo-secret-change-me-0123456789',
    redirect_uris: [demoRedirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    post_logout_redirect_uris: [env.IDP_DEMO_POST_LOGOUT_REDIRECT_URI || `${new URL(demoRedirectUri).origin}/signed-out`],
    // With a back-channel URI, ask for sid in ID and logout tokens (as Keycloak always does).
    ...(demoBackchannelUri && { backchannel_logout_uri: demoBackchannelUri, backchannel_logout_session_required: true }),
    // response_types/token_endpoint_auth_method come from clientDefaults (code / client_secret_basic).
  }],
  adapter: MapAdapter, // lets the admin API find a user's sessions and grants
  jwks: { keys: [signingJwk] },
  // The authentication context each login reports in the ID token's `acr`: a password
  // for everyone, a second factor for mia.
  acrValues: ['urn:test:pwd', 'urn:test:mfa'],
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false }, // we serve /interaction/* ourselves (below)
    registration: { enabled: true }, // open: no initial access token required
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    backchannelLogout: { enabled: true },
  },
  // Like Keycloak: a plain code flow gets a refresh token whenever the client may use the
  // refresh_token grant (oidc-provider's default also demands the offline_access scope).
  async issueRefreshToken(ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  // Every refresh rotates; presenting an already-rotated token revokes the whole grant
  // (oidc-provider's refresh_token grant) and is answered invalid_grant.
  rotateRefreshToken: true,
  pkce: { required: () => true, methods: ['S256'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'picture'],
    email: ['email', 'email_verified'],
    groups: ['groups', 'realm_access'],
  },
  // false = scope claims also go into the ID token (the bridge reads them from there).
  // IDP_CONFORM_ID_TOKEN_CLAIMS=1 restores spec behaviour: only userinfo carries them.
  conformIdTokenClaims: env.IDP_CONFORM_ID_TOKEN_CLAIMS === '1',
  ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, RefreshToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  async findAccount(ctx, sub) {
    const u = BY_SUB.get(sub);
    if (!u) return undefined;
    return {
      accountId: sub,
      // oidc-provider filters these by granted scope; a missing key means "claim absent".
      async claims() {
        const { name, email, picture, groups } = u;
        return { sub, name, picture, email, email_verified: u.email_verified ?? true, ...(groups && { groups }), ...(u.realm_access && { realm_access: u.realm_access }) };
      },
    };
  },
  // Auto-consent: every client is treated as first-party, so the grant simply covers whatever
  // the request asks for and the consent prompt never fires (no extra redirect hop).
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    const grant = (grantId && await oidc.provider.Grant.find(grantId))
      || new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (ctx, err) => log('server_error', err));
for (const ev of ['authorization.error', 'grant.error', 'registration_create.error', 'userinfo.error', 'end_session.error', 'end_session_confirm.error', 'backchannel.error']) {
  // error_detail says why (e.g. 'refresh token already used'); clients only see the error code.
  provider.on(ev, (ctx, err) => log(ev, err.message, err.error_detail || err.error_description || ''));
}

// --- interaction pages ---------------------------------------------------------------------
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const send = (res, status, body, type = 'text/html; charset=utf-8') => {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
};
const loginPage = (uid, error = '', login = '') => `<!doctype html>
<html><head><meta charset="utf-8"><title>Test IdP login</title></head><body>
<h1>Test IdP: sign in</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label>Login <input name="login" value="${esc(login)}" autofocus></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form>
<p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p></body></html>`;

// RP-initiated logout (GET/POST /session/end) renders this when the browser still has a
// session: a form that submits itself, so sign-out needs no person to choose. The form is the
// page's first <form>, its fields are plain `<input name=".." value="..">` (a harness can
// parse and post them), and the button covers browsers without JavaScript.
async function logoutSource(ctx) {
  const action = ctx.oidc.urlFor('end_session_confirm');
  const { secret } = ctx.oidc.session.state;
  ctx.body = `<!doctype html>
<html><head><meta charset="utf-8"><title>Test IdP sign-out</title></head><body>
<h1>Test IdP: signing out</h1>
<form id="op.logoutForm" method="post" action="${esc(action)}">
<input type="hidden" name="xsrf" value="${esc(secret)}">
<input type="hidden" name="logout" value="yes">
<button type="submit">Sign out</button></form>
<script>document.getElementById('op.logoutForm').submit();</script></body></html>`;
}
// Shown after logout when the request had no (valid) post_logout_redirect_uri.
async function postLogoutSuccessSource(ctx) {
  ctx.body = '<!doctype html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><h1>Test IdP: you are signed out</h1></body></html>';
}
const readForm = async (req) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
};

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  // The interaction is found via a path-scoped cookie; the uid in the URL must agree with it.
  if (details.uid !== uid) return send(res, 400, 'interaction uid mismatch', 'text/plain');
  const prompt = details.prompt.name;
  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'GET' && !action) {
    if (prompt === 'login') return send(res, 200, loginPage(uid));
    // Only reachable for native clients (they always get a consent prompt): auto-accept.
    if (prompt === 'consent') return provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    return send(res, 400, `unsupported prompt ${prompt}`, 'text/plain');
  }
  if (req.method === 'POST' && action === 'login' && prompt === 'login') {
    const form = await readForm(req);
    const user = USERS[form.get('login')];
    if (!user || user.password !== form.get('password')) {
      return send(res, 401, loginPage(uid, 'Invalid login or password.', form.get('login') || ''));
    }
    const acr = user.acr || 'urn:test:pwd';
    return provider.interactionFinished(req, res, { login: { accountId: user.sub, acr } }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, 'method/action not allowed here', 'text/plain');
}

const providerCallback = provider.callback();
const handleAdmin = adminApi({ provider, users: USERS, token: adminToken, signingKey: { privateKey, kid: signingJwk.kid }, log });
const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login|abort))?\/?$/;
handler = async (req, res) => {
  const { pathname } = new URL(req.url, issuer);
  if (pathname.startsWith('/__test/')) return handleAdmin(req, res, pathname);
  const m = pathname.match(INTERACTION);
  if (!m) return providerCallback(req, res);
  try {
    await interaction(req, res, m[1], m[2]);
  } catch (err) {
    // e.g. SessionNotFound when the interaction cookie is missing/expired
    const msg = `${err.name}: ${err.error_description || err.message}`;
    log('interaction error', msg);
    if (!res.headersSent) send(res, err.statusCode || 500, msg, 'text/plain');
  }
};

process.stdout.write(`${JSON.stringify({ issuer, port, admin_token: adminToken })}\n`);
log(`listening on ${issuer} (demo client ${env.IDP_DEMO_CLIENT_ID || 'jitsi-bridge-demo'})`);
