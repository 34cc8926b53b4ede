// A stand-in for Jitsi Meet in the demo: answers every room URL with a page
// showing the room and the claims of the token it was given (decoded, not
// verified: this is a viewer, not Prosody).
import { createServer } from 'node:http';

const port = Number(process.env.DEMO_JITSI_PORT || 8000);
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

createServer((req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  const jwt = url.searchParams.get('jwt');
  let claims = 'none: this visitor arrives as a guest and waits in the lobby';
  if (jwt) {
    try {
      claims = JSON.stringify(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()), null, 2);
    } catch {
      claims = 'unreadable token';
    }
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Jitsi stand-in</title>
<body style="font: 15px system-ui; max-width: 46rem; margin: 2rem auto">
<h1>Jitsi stand-in: room <code>${escape(decodeURIComponent(url.pathname.slice(1)))}</code></h1>
<p>A real deployment would open the meeting here. Token claims:</p>
<pre style="background:#f4f4f4; padding:1rem">${escape(claims)}</pre>
<p>Hash parameters: <code>${escape(url.hash || '(none)')}</code></p></body>`);
}).listen(port, '127.0.0.1', () => console.error(`[jitsi stand-in] http://127.0.0.1:${port}`));
