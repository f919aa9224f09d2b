/* Disclosure navigation (WAI-ARIA APG pattern), layered on <details>/<summary>.
   Without this script every panel still opens and closes on its own. */
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  if (!nav) return;
  var panels = [].slice.call(nav.querySelectorAll("details"));
  var still = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)");

  function close(d, refocus) {
    if (!d.open) return;
    d.open = false;
    if (refocus) d.querySelector("summary").focus();
  }

  panels.forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (!d.open) return;
      // Opening one panel closes the others.
      panels.forEach(function (o) { if (o !== d) close(o); });
      var box = d.querySelector(".mega");
      if (box && box.animate && !(still && still.matches)) {
        box.animate([{ opacity: 0, transform: "translateY(-6px)" }, { opacity: 1, transform: "none" }],
          { duration: 160, easing: "ease-out" });
      }
    });
    // Focus moving to something outside the open panel closes it (no focus trap).
    d.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !d.contains(e.relatedTarget)) close(d);
    });
  });

  // Escape closes the open panel and returns focus to its summary.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" && e.key !== "Esc") return;
    panels.forEach(function (d) {
      if (d.open) { close(d, true); e.preventDefault(); }
    });
  });

  // A click outside closes it.
  document.addEventListener("click", function (e) {
    panels.forEach(function (d) { if (!d.contains(e.target)) close(d); });
  });
})();
