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

/* Search suggestions: the WAI-ARIA APG combobox with a listbox popup,
   layered on the plain search form (which works without this script). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var list = document.createElement("ul");
  var live = document.createElement("p");
  var items = [], active = -1, timer = 0, seq = 0;
  list.id = input.id + "-list";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-list-label") || "");
  list.hidden = true;
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  form.style.position = "relative";
  form.appendChild(list);
  form.appendChild(live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function open(show) {
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) move(-1);
  }
  function move(i) {
    if (active >= 0 && items[active]) items[active].el.setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && items[i]) {
      items[i].el.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].el.id);
      items[i].el.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  // Drops the suggestions (the field changed too much, or was cleared), so
  // the arrow keys cannot bring back a list for other words.
  function forget() {
    seq++;
    open(false);
    items = [];
    list.textContent = "";
    live.textContent = "";
  }
  function choose(item) {
    if (item.url) { location.href = item.url; return; }
    input.value = item.text;
    open(false);
    form.submit();
  }
  function show(data) {
    list.textContent = "";
    items = [];
    (data.completions || []).forEach(function (c) { items.push({ text: c }); });
    (data.pages || []).forEach(function (p) { items.push({ text: p.title, url: p.url, kind: p.kind, lang: p.lang }); });
    var pageDir = document.documentElement.getAttribute("dir") || "ltr";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      if (item.lang) {
        // A title shown by fallback, in another language than the page's.
        var t = document.createElement("span");
        t.lang = item.lang.code;
        if (item.lang.dir !== pageDir) t.dir = item.lang.dir;
        t.textContent = item.text;
        li.appendChild(t);
      } else {
        li.textContent = item.text;
      }
      if (item.kind) {
        var k = document.createElement("span");
        k.className = "suggest-kind";
        k.textContent = " · " + item.kind;
        li.appendChild(k);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
      item.el = li;
      list.appendChild(li);
    });
    active = -1;
    open(items.length > 0);
    // The server words the count in the page's language and plural rules.
    live.textContent = data.announcement || "";
  }
  function fetchSuggestions() {
    var q = input.value;
    var mine = ++seq;
    if (q.trim().length < 2) { forget(); return; }
    fetch(form.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) show(data); })
      .catch(function () {});
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });
  input.addEventListener("keydown", function (e) {
    var n = items.length;
    if (e.key === "ArrowDown" || e.key === "Down") {
      e.preventDefault();
      if (list.hidden) { if (n) open(true); return; }
      move(n ? (active + 1) % n : -1);
    } else if (e.key === "ArrowUp" || e.key === "Up") {
      e.preventDefault();
      if (list.hidden) { if (n) { open(true); move(n - 1); } return; }
      move(n ? (active <= 0 ? n - 1 : active - 1) : -1);
    } else if (e.key === "Enter" && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === "Escape" || e.key === "Esc") {
      if (!list.hidden) { e.preventDefault(); e.stopPropagation(); open(false); }
      else if (input.value) { e.preventDefault(); input.value = ""; forget(); }
    }
  });
  input.addEventListener("blur", function () { open(false); });
})();

/* Filter disclosures (lists and search results): closed in the markup so a
   phone shows results first; open on screens wide enough to show both. */
(function () {
  "use strict";
  if (!window.matchMedia || !matchMedia("(min-width: 52rem)").matches) return;
  [].forEach.call(document.querySelectorAll("details.filters-box"), function (d) { d.open = true; });
})();

// A video behind consent: its poster becomes a play button. The player loads
// only once its category is allowed, so pressing it says so and moves focus
// to that choice ("Always allow …"); the choice itself stays the visitor's.
(function () {
  [].forEach.call(document.querySelectorAll(".embed-placeholder"), function (box) {
    var play = box.querySelector(".video-play");
    var allow = box.querySelector('button[name="action"][value="allow"]');
    var why = box.querySelector(".embed-why");
    if (!play || !allow || !why) return;
    play.hidden = false;
    play.addEventListener("click", function () {
      why.textContent = allow.getAttribute("data-why");
      box.classList.add("embed-asked");
      allow.focus();
    });
  });
})();
