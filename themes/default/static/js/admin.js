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
// (localStorage, per item, with the revision it was typed on: every field
// of the form, whether the form of the item's type or the whole file in the
// text mode) and, a moment later, on the server (not a revision: one kept
// text per person and item). A page that finds something kept here that it
// does not show offers it back, with the revision it was typed on, so that
// saving merges it with anything saved since. What is kept here is
// forgotten once the server confirms a save.
(() => {
  const form = document.querySelector('form.admin-editor[data-autosave]');
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const status = form.querySelector('[data-autosave-status]');
  const mode = field('mode') ? field('mode').value : 'text';
  const slot = `portico:draft:${field('locale').value}:${field('key').value}:${mode}`;
  const params = new URLSearchParams(window.location.search);
  const skip = new Set(['csrf', 'locale', 'key', 'base', 'mode', 'fields']);
  // Every field a person types in, by name.
  const values = () => {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || skip.has(el.name)) continue;
      out[el.name] = el.type === 'checkbox' ? (el.checked ? el.value : '') : el.value;
    }
    return out;
  };
  const put = (kept) => {
    for (const [name, value] of Object.entries(kept)) {
      const el = field(name);
      if (!el || skip.has(name) || typeof value !== 'string') continue;
      if (el.type === 'checkbox') el.checked = value !== '';
      else el.value = value;
    }
  };
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
  const first = form.querySelector('textarea, input:not([type=hidden]), select');
  if (offer && kept && kept.values && JSON.stringify(kept.values) !== JSON.stringify(values())) {
    offer.hidden = false;
    offer.querySelector('[data-local-restore]').addEventListener('click', () => {
      put(kept.values);
      field('base').value = String(kept.base);
      offer.hidden = true;
      if (first) first.focus();
    });
    offer.querySelector('[data-local-discard]').addEventListener('click', () => {
      forget();
      offer.hidden = true;
      if (first) first.focus();
    });
  }

  // The live preview: what is kept on the server, rendered as the public
  // page, reloaded after each autosave.
  const live = document.querySelector('[data-live-preview]');
  const frame = live ? live.querySelector('iframe') : null;
  const refreshPreview = () => {
    if (!live || !frame) return;
    live.hidden = false;
    frame.src = `${live.dataset.livePreview}&t=${Date.now()}`;
  };

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
      refreshPreview();
    } catch {
      status.textContent = form.dataset.offlineLabel;
    }
  }
  const keep = () => {
    try {
      if (storage) {
        storage.setItem(slot, JSON.stringify({
          base: Number(field('base').value),
          values: values(),
          at: Date.now(),
        }));
      }
    } catch { /* storage full or refused: the server copy still follows */ }
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 1500);
  };
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
})();

// The Markdown toolbar: wraps the selection (bold, italic), starts the
// selected lines (heading, list, quote) or makes it a link. Without
// script the toolbar stays hidden and the text box works as it is.
(() => {
  for (const bar of document.querySelectorAll('[data-toolbar]')) {
    const area = document.getElementById(bar.dataset.toolbar);
    if (!area || area.readOnly) continue;
    bar.hidden = false;
    const edit = (before, after, start, end) => {
      area.setRangeText(before + area.value.slice(start, end) + after, start, end, 'select');
      area.dispatchEvent(new Event('input', { bubbles: true }));
      area.focus();
    };
    bar.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      const { selectionStart: start, selectionEnd: end } = area;
      if (b.dataset.wrap) {
        edit(b.dataset.wrap, b.dataset.wrap, start, end);
      } else if (b.dataset.line) {
        const from = area.value.lastIndexOf('\n', start - 1) + 1;
        const lines = area.value.slice(from, end).split('\n').map((l) => b.dataset.line + l).join('\n');
        area.setRangeText(lines, from, end, 'select');
        area.dispatchEvent(new Event('input', { bubbles: true }));
        area.focus();
      } else if ('link' in b.dataset) {
        edit('[', '](https://)', start, end);
      }
    });
  }
})();
