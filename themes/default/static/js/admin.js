'use strict';
// The staff's pages work without script. This file adds two things: the
// passkey ceremony (a browser API: the controls show where the browser has
// it, and its result is posted as a form, the session's token in it), and
// the editor's safety net (below).
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

// The editor: nothing typed is lost. Each change is kept in this browser
// (localStorage, per item, with the revision it was typed on) and, a moment
// later, on the server (not a revision: one kept text per person and item).
// A page that finds text kept here that it does not show offers it back,
// with the revision it was typed on, so that saving merges it with anything
// saved since. What is kept here is forgotten once the server confirms a
// save.
(() => {
  const form = document.querySelector('form.admin-editor[data-autosave]');
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const text = field('text');
  const message = field('message');
  const status = form.querySelector('[data-autosave-status]');
  const slot = `portico:draft:${field('locale').value}:${field('key').value}`;
  const params = new URLSearchParams(window.location.search);
  let storage = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  const read = () => {
    try {
      return JSON.parse((storage && storage.getItem(slot)) || 'null');
    } catch {
      return null;
    }
  };
  const forget = () => {
    try {
      if (storage) storage.removeItem(slot);
    } catch { /* nothing kept */ }
  };
  if (['saved', 'merged', 'restored'].includes(params.get('done'))) forget();

  const kept = read();
  const offer = document.querySelector('[data-local-draft]');
  if (offer && kept && typeof kept.text === 'string' && kept.text !== text.value) {
    offer.hidden = false;
    offer.querySelector('[data-local-restore]').addEventListener('click', () => {
      text.value = kept.text;
      field('base').value = String(kept.base);
      if (message) message.value = kept.message || '';
      offer.hidden = true;
      text.focus();
    });
    offer.querySelector('[data-local-discard]').addEventListener('click', () => {
      forget();
      offer.hidden = true;
      text.focus();
    });
  }

  let timer = null;
  async function send() {
    try {
      const res = await fetch('/admin/content/item/autosave', {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(res.statusText);
      const answer = await res.json();
      status.textContent = `${form.dataset.savedLabel} ${String(answer.saved_at).slice(11, 16)} UTC`;
    } catch {
      status.textContent = form.dataset.offlineLabel;
    }
  }
  const keep = () => {
    try {
      if (storage) {
        storage.setItem(slot, JSON.stringify({
          base: Number(field('base').value),
          text: text.value,
          message: message ? message.value : '',
          at: Date.now(),
        }));
      }
    } catch { /* storage full or refused: the server copy still follows */ }
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 1500);
  };
  text.addEventListener('input', keep);
  if (message) message.addEventListener('input', keep);
})();
