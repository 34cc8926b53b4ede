// A stand-in for Jitsi Meet in the demo: answers every room URL with a page
// showing the room, the claims of the token it was given (decoded, not
// verified: this is a viewer, not Prosody) and the hash parameters.
//
// A browser never sends the URL's hash (#jwt=..&config.x=..) to a server, so
// the page reads it in the browser, as jitsi-meet does (it reads `jwt` from the
// hash before the query: react/features/base/jwt/functions.ts).
import { createServer } from 'node:http';

const port = Number(process.env.DEMO_JITSI_PORT || 8000);
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Runs in the visitor's browser; fills #room, #claims, #token-in and #hash.
// Hash values are read as jitsi-meet reads them (parseURLParams in
// react/features/base/util/parseURLParams.ts): percent-decoded, then JSON; a
// value that is not JSON is dropped, so an unquoted #jwt= falls back to ?jwt=.
const viewer = `
const show = (id, text) => { document.getElementById(id).textContent = text; };
const hash = {};
for (const pair of location.hash.slice(1).split('&')) {
  const at = pair.indexOf('=');
  if (at < 1) continue;
  try { hash[pair.slice(0, at)] = JSON.parse(decodeURIComponent(pair.slice(at + 1))); } catch { /* dropped, as by Jitsi */ }
}
const queryJwt = new URLSearchParams(location.search).get('jwt');
const hashJwt = typeof hash.jwt === 'string' ? hash.jwt : null;
const jwt = hashJwt || queryJwt;
show('token-in', hashJwt ? '#jwt= (the hash)' : queryJwt ? '?jwt= (the query)' : 'no token');
let claims = 'none: this visitor arrives as a guest and waits in the lobby';
if (jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    claims = JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 2);
  } catch { claims = 'unreadable token'; }
}
show('claims', claims);
const params = Object.entries(hash).filter(([key]) => key !== 'jwt').map(([key, value]) => key + ' = ' + JSON.stringify(value));
show('hash', params.length ? params.join('\\n') : '(none)');
`;

createServer((req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  let room = url.pathname.slice(1);
  try { room = decodeURIComponent(room); } catch { /* shown as sent */ }
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(`<!doctype html><meta charset="utf-8"><title>Jitsi stand-in</title>
<body style="font: 15px system-ui; max-width: 46rem; margin: 2rem auto">
<h1>Jitsi stand-in: room <code id="room">${escape(room)}</code></h1>
<p>A real deployment would open the meeting here. Token: <b id="token-in"></b></p>
<p>Token claims:</p>
<pre id="claims" style="background:#f4f4f4; padding:1rem"></pre>
<p>Hash parameters:</p>
<pre id="hash" style="background:#f4f4f4; padding:1rem"></pre>
<script>${viewer}</script></body>`);
}).listen(port, '127.0.0.1', () => console.error(`[jitsi stand-in] http://127.0.0.1:${port}`));
