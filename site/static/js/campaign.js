/* Recruitment campaign measurement (demo): emitted by the server only for
   visitors who allow "Advertising and social media", never under Global
   Privacy Control. It keeps the campaign a visitor came from in the
   hc_campaign cookie declared in site.toml, and sends nothing anywhere. */
(function () {
  "use strict";
  var m = /[?&]utm_campaign=([\w-]{1,64})/.exec(location.search);
  document.cookie = "hc_campaign=" + (m ? m[1] : "direct") + "; Path=/; Max-Age=" + 60 * 60 * 24 * 90 + "; SameSite=Lax";
})();
