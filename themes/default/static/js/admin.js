'use strict';
// The staff's pages need no script but for passkeys: the WebAuthn ceremony
// is a browser API. This file shows the passkey controls where the browser
// has that API, runs the ceremony, and posts its result as a form, like
// every other admin form (the session's token travels in the form).
(() => {
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  const fromB64 = (s) => {
    const b = atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '='));
    return Uint8Array.from(b, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  async function post(url, fields) {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), credentials: 'same-origin' });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(answer.detail || res.statusText);
    return answer;
  }

  function say(box, text) {
    const status = box.querySelector('.admin-status');
    if (status) status.textContent = text;
  }

  const signIn = document.querySelector('[data-passkey-sign-in]');
  if (signIn) {
    signIn.hidden = false;
    signIn.querySelector('button').addEventListener('click', async () => {
      say(signIn, '');
      try {
        const { ceremony, options } = await post('/admin/sign-in/passkey/options', {});
        const o = options.publicKey;
        o.challenge = fromB64(o.challenge);
        for (const c of o.allowCredentials || []) c.id = fromB64(c.id);
        const cred = await navigator.credentials.get({ publicKey: o });
        const r = cred.response;
        const credential = {
          id: cred.id,
          rawId: toB64(cred.rawId),
          type: cred.type,
          response: {
            authenticatorData: toB64(r.authenticatorData),
            clientDataJSON: toB64(r.clientDataJSON),
            signature: toB64(r.signature),
            userHandle: r.userHandle ? toB64(r.userHandle) : null,
          },
          extensions: cred.getClientExtensionResults(),
        };
        const done = await post('/admin/sign-in/passkey', { ceremony, credential: JSON.stringify(credential) });
        location.assign(done.redirect);
      } catch (e) {
        say(signIn, e.name === 'NotAllowedError' ? signIn.dataset.failed : (e.message || signIn.dataset.failed));
      }
    });
  }

  const add = document.querySelector('[data-passkey-add]');
  if (add) {
    add.hidden = false;
    const unsupported = document.querySelector('[data-passkey-unsupported]');
    if (unsupported) unsupported.hidden = true;
    add.addEventListener('submit', async (event) => {
      event.preventDefault();
      say(add, '');
      const csrf = add.querySelector('[name=csrf]').value;
      try {
        const { ceremony, options } = await post('/admin/account/passkeys/options', { csrf });
        const o = options.publicKey;
        o.challenge = fromB64(o.challenge);
        o.user.id = fromB64(o.user.id);
        for (const c of o.excludeCredentials || []) c.id = fromB64(c.id);
        const cred = await navigator.credentials.create({ publicKey: o });
        const r = cred.response;
        const credential = {
          id: cred.id,
          rawId: toB64(cred.rawId),
          type: cred.type,
          response: {
            attestationObject: toB64(r.attestationObject),
            clientDataJSON: toB64(r.clientDataJSON),
            transports: r.getTransports ? r.getTransports() : undefined,
          },
          extensions: cred.getClientExtensionResults(),
        };
        const name = add.querySelector('[name=name]').value;
        const done = await post('/admin/account/passkeys', { csrf, ceremony, name, credential: JSON.stringify(credential) });
        location.assign(done.redirect);
      } catch (e) {
        say(add, e.name === 'NotAllowedError' ? add.dataset.failed : (e.message || add.dataset.failed));
      }
    });
  }
})();
