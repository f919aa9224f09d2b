'use strict';
// A real OpenID provider (npm `oidc-provider`) on loopback, for the single
// sign-on tests. It listens first (its issuer must be known before
// `portico serve` starts) and learns its one client once the server's
// address is known. Its people sign in on its own development pages with
// their login as the account id and any password.

const http = require('node:http');

/**
 * Starts listening on 127.0.0.1; the issuer is `http://localhost:PORT` (a
 * different site from the server's 127.0.0.1, as a real provider is).
 * `people` maps a login to its claims. Returns { issuer, serve({ clientId,
 * clientSecret, redirectUri }), holdNextAnswer(), close() }.
 * `holdNextAnswer()` resolves with the next answer the provider sends to
 * the client (the callback URL with its code and state), which then goes
 * to a page of the provider's instead of to the server: a test can send
 * it, or a forged one, itself.
 */
async function listenProvider(people) {
  let handler = (req, res) => { res.statusCode = 503; res.end(); };
  let redirectUri = null;
  let hold = null;
  const server = http.createServer((req, res) => {
    if (req.url === '/held') {
      res.setHeader('content-type', 'text/plain');
      res.end('held by the test');
      return;
    }
    if (hold && redirectUri) {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => {
        if (hold && name.toLowerCase() === 'location' && String(value).startsWith(`${redirectUri}?`)) {
          hold(String(value));
          hold = null;
          return setHeader(name, '/held');
        }
        return setHeader(name, value);
      };
    }
    handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${server.address().port}`;

  async function serve({ clientId, clientSecret, redirectUri: uri }) {
    redirectUri = uri;
    const { default: Provider } = await import('oidc-provider');
    const provider = new Provider(issuer, {
      clients: [{
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      }],
      pkce: { required: () => true },
      // The claims go in the ID token itself, where the server reads them.
      conformIdTokenClaims: false,
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'groups'],
      },
      cookies: { keys: ['portico-test-provider-cookie-key'] },
      features: { devInteractions: { enabled: true } },
      async findAccount(_ctx, id) {
        const claims = people[id];
        if (!claims) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
      },
    });
    provider.on('server_error', (_ctx, err) => { console.error('provider error:', err); });
    handler = provider.callback();
  }

  const close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  const holdNextAnswer = () => new Promise((resolve) => { hold = resolve; });
  return { issuer, serve, holdNextAnswer, close };
}

module.exports = { listenProvider };
