// Test-only admin API under /__test/ (see README.md): change a user's groups, end their provider
// sessions with back-channel logout, revoke their grants, sign arbitrary JWTs with the IdP's key.
// Every request must carry `x-test-admin: <token>`, the random token printed on the ready line.
import { sign as rsaSign, timingSafeEqual } from 'node:crypto';
import { liveEntries } from './store.mjs';

const json = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

class BadRequest extends Error {}

async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (!body) return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new BadRequest('body is not JSON');
  }
}

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

// Same model set as oidc-provider's helpers/revoke.js, minus the flows we don't enable.
async function revokeGrant(provider, grantId) {
  const { AccessToken, RefreshToken, AuthorizationCode, Grant } = provider;
  await Promise.all([AccessToken, RefreshToken, AuthorizationCode].map((m) => m.adapter.revokeByGrantId(grantId)));
  await Grant.adapter.destroy(grantId);
}

// Mirrors oidc-provider's end_session confirm step (actions/end_session.js) for every session of
// `sub`: back-channel logout to each client of the session that registered a
// backchannel_logout_uri (Client#backchannelLogout, the provider's own sender), then the
// session's grants are revoked (except offline_access ones, as oidc-provider does) and the
// session is destroyed.
async function endSessions(provider, sub, log) {
  const ids = liveEntries('Session').filter(([, s]) => s.accountId === sub).map(([id]) => id);
  const sessions = (await Promise.all(ids.map((id) => provider.Session.find(id)))).filter(Boolean);
  const sends = [];
  const grantIds = [];
  for (const session of sessions) {
    for (const [clientId, authorization] of Object.entries(session.authorizations || {})) {
      if (authorization.grantId && !authorization.persistsLogout) grantIds.push(authorization.grantId);
      const client = await provider.Client.find(clientId);
      if (!client?.backchannelLogoutUri) continue;
      sends.push(client.backchannelLogout(sub, session.sidFor(clientId)).then(
        () => ({ client_id: clientId, ok: true }),
        (err) => {
          log('back-channel logout failed', clientId, err.message);
          return { client_id: clientId, ok: false };
        },
      ));
    }
  }
  const backchannel = await Promise.all(sends);
  await Promise.all(grantIds.map((id) => revokeGrant(provider, id)));
  await Promise.all(sessions.map((session) => session.destroy()));
  return { sessions: sessions.length, backchannel };
}

async function revokeGrants(provider, sub) {
  const grantIds = liveEntries('Grant').filter(([, g]) => g.accountId === sub).map(([id]) => id);
  await Promise.all(grantIds.map((id) => revokeGrant(provider, id)));
  return { grants: grantIds.length };
}

function setGroups(user, groups) {
  const valid = groups === null || (Array.isArray(groups) && groups.every((g) => typeof g === 'string'));
  if (!valid) throw new BadRequest('"groups" must be an array of strings or null');
  if (groups === null) delete user.groups;
  else user.groups = groups;
}

// Signs exactly the given claims; the header is {alg: RS256, kid} merged with the given one
// (a null value drops a key). The signature is always RS256 with the published key.
function signJwt({ privateKey, kid }, { header = {}, claims } = {}) {
  if (typeof claims !== 'object' || claims === null) throw new BadRequest('"claims" must be an object');
  const merged = Object.fromEntries(Object.entries({ alg: 'RS256', kid, ...header }).filter(([, v]) => v !== null));
  const input = `${base64url(merged)}.${base64url(claims)}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const USER_ACTION = /^\/__test\/users\/([^/]+)\/(groups|end-sessions|revoke-grants)$/;

export function adminApi({ provider, users, token, signingKey, log }) {
  const expected = Buffer.from(token);
  const authorized = (req) => {
    const given = Buffer.from(String(req.headers['x-test-admin'] || ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function route(req, res, pathname) {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
    if (pathname === '/__test/sign') return json(res, 200, { jwt: signJwt(signingKey, await readJson(req)) });
    const m = pathname.match(USER_ACTION);
    if (!m) return json(res, 404, { error: 'no such admin endpoint' });
    const user = users[decodeURIComponent(m[1])];
    if (!user) return json(res, 404, { error: 'no such user' });
    switch (m[2]) {
      case 'groups':
        setGroups(user, (await readJson(req)).groups);
        return json(res, 204);
      case 'end-sessions':
        return json(res, 200, await endSessions(provider, user.sub, log));
      default:
        return json(res, 200, await revokeGrants(provider, user.sub));
    }
  }

  return async function handleAdmin(req, res, pathname) {
    if (!authorized(req)) return json(res, 403, { error: 'missing or wrong x-test-admin header' });
    try {
      return await route(req, res, pathname);
    } catch (err) {
      if (err instanceof BadRequest) return json(res, 400, { error: err.message });
      log('admin error', err);
      return json(res, 500, { error: err.message });
    }
  };
}
