// A site whose backend vouches for its logged-in user with Parley's identity verification.
// Run Parley with IDENTITY_SECRET set, then: IDENTITY_SECRET=<same> PARLEY_URL=http://localhost:3000 node server.mjs
// and open http://localhost:8080/?user=alice (or ?user=bob): each user's chat follows them to any browser, and agents
// see the name and e-mail signed here.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.IDENTITY_SECRET;
const parley = process.env.PARLEY_URL ?? 'http://localhost:3000';
if (!secret) throw new Error('Set IDENTITY_SECRET to the same value as Parley’s IDENTITY_SECRET');

const users = { alice: { name: 'Alice Kim', email: 'alice@example.com' }, bob: { name: 'Bob Lee', email: 'bob@example.com' } };
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The user's identity as a JWT signed with HS256 and IDENTITY_SECRET, valid for an hour: a new one on every page view.
 * Any JWT library does the same, e.g. with `jose`:
 *   await new SignJWT({ email, name }).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setExpirationTime('1h')
 *     .sign(new TextEncoder().encode(secret))
 */
function identityToken({ id, email, name }) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: id, email, name, exp: Math.floor(Date.now() / 1000) + 3600 };
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

createServer((req, res) => {
  const login = new URL(req.url ?? '/', 'http://x').searchParams.get('user');
  const user = login && Object.hasOwn(users, login) ? { id: login, ...users[login] } : null;
  // The token is signed here, on the server: the secret never reaches the browser.
  const attrs = user ? ` data-user-token="${identityToken(user)}"` : '';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Identity verification demo</title></head>
<body><h1>${user ? `Signed in as ${escape(user.name)}` : 'Not signed in'}</h1>
<p><a href="/?user=alice">Alice</a> · <a href="/?user=bob">Bob</a> · <a href="/">anonymous</a></p>
<script src="${parley}/widget.js" data-desk="default"${attrs} async></script></body></html>`);
}).listen(8080, () => console.log('demo site on http://localhost:8080/'));
