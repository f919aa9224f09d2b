/* Halcyon's first-party audience measurement (demo): emitted by the server
   only for visitors who allow "Audience measurement". It keeps a random
   visit id in the hc_visit cookie declared in site.toml, and sends
   nothing anywhere. */
(function () {
  "use strict";
  if (document.cookie.split("; ").some(function (c) { return c.indexOf("hc_visit=") === 0; })) return;
  var id = Math.random().toString(16).slice(2) + Date.now().toString(16);
  document.cookie = "hc_visit=" + id + "; Path=/; Max-Age=" + 60 * 60 * 24 * 395 + "; SameSite=Lax";
})();
