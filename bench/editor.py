#!/usr/bin/env python3
"""The editor at scale: on the synthetic site (N pages per locale, two
locales), through the content API with a token, as automation or the
editor's page would:

- save: `PUT /api/content/v1/items/…` with If-Match (the compiler checks the
  draft against the site in memory, the revision is written and fsync'd);
- publish → served: from `POST …/publish` (after approve) until the public
  page answers with the new title, polled every 2 ms; the edited page goes
  through the fast path (the item alone applied to the site in memory, its
  pages rendered and swapped in);
- publish → every page: until the section's list shows the new title (the
  full rebuild that follows);
- save → preview ready: from the PUT until the staff's preview
  (`/admin/content/preview`) answers with the draft rendered as its page;
- an admin page's server time: `wrk -t1 -c1` on an item's page and on the
  content tree, with a session;
- the store's size and the server's memory with every item at 10 revisions
  (nine rounds of every file changed and `portico import`ed).

The anchor, in the same run: Hugo building the same site (what a static
site's editor waits for after each change, before any upload).

    python3 bench/editor.py [--pages 10000] [--trials 20] [--seconds 10]

Everything it starts it stops; loopback only.
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import Server, build_portico, commit, free_port, generate, log, machine, parse_wrk


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(url, method="GET", body=None, headers=None):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with OPENER.open(req, timeout=120) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def wait_for(url, needle, timeout):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        _, _, page = call(url)
        if needle in page:
            return time.perf_counter() - t0
        time.sleep(0.002)
    raise RuntimeError(f"{needle!r} never appeared at {url}")


def portico_cmd(portico, *args):
    return subprocess.run([str(portico), *args], capture_output=True, text=True, check=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000, help="content pages per locale (two locales)")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--revisions", type=int, default=10)
    ap.add_argument("--work", default="/tmp/portico-bench")
    a = ap.parse_args()
    portico = build_portico()
    site, hugo_site = generate(a.pages, Path(a.work) / f"site-{a.pages}")
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-editor-"))
    data = tmp / "data"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        # The anchor: Hugo builds the same site.
        hugo = []
        for i in range(2):
            t0 = time.perf_counter()
            subprocess.run(["hugo", "--quiet", "--source", str(hugo_site), "--destination", str(tmp / f"hugo-{i}")],
                           check=True, capture_output=True, timeout=1800)
            hugo.append(time.perf_counter() - t0)
        results["hugo"] = min(hugo)

        portico_cmd(portico, "user", "add", "bench@aldercrest.example", "--role", "admin", "--data", str(data),
                    "--base-url", base)
        link = portico_cmd(portico, "user", "link", "bench@aldercrest.example", "--data", str(data),
                           "--base-url", base).strip().splitlines()[-1]
        token = portico_cmd(portico, "token", "create", "bench@aldercrest.example", "--name", "bench",
                            "--data", str(data)).strip().splitlines()[-1]
        auth = {"Authorization": f"Bearer {token}"}
        serve = [str(portico), "serve", "--site", str(site), "--data", str(data), "--addr", f"127.0.0.1:{port}"]
        log("first start: the site's files are brought into the store")
        server = Server(serve, port, tmp / "first.log")
        results["first_start"] = server.ready_after
        server.stop()
        server = Server(serve, port, tmp / "portico.log")
        results["start"] = server.ready_after
        try:
            # The last trial edits a story on the list's first page, so that
            # the list shows the edit once the full rebuild has run.
            _, _, listing = call(f"{base}/en/stories/")
            first_page = list(dict.fromkeys(re.findall(r'href="/en/(stories/[a-z0-9-]+)/"', listing)))
            assert first_page, "no story on the list page"
            others = [f"stories/{p.stem}" for p in sorted((site / "content" / "en" / "stories").glob("*.md"))
                      if p.stem != "_index" and f"stories/{p.stem}" not in first_page]
            keys = others[: a.trials - 1] + first_page[:1]
            # A session, for the staff's preview and the admin pages.
            status, headers, _ = call(link, "POST", None, {"Sec-Fetch-Site": "same-origin"})
            cookie = next(v.split(";", 1)[0] for k, v in headers.items()
                          if k.lower() == "set-cookie" and v.startswith("__Host-portico_session=ps_"))
            saves, previews, served = [], [], []
            for n, key in enumerate(keys):
                item = f"{base}/api/content/v1/items/en/{key}"
                page = f"{base}/en/{key}/"
                status, headers, body = call(item, headers=auth)
                assert status == 200, (status, body)
                text = json.loads(body)["text"]
                marker = f"Edited {n} at {time.time():.0f}"
                new = re.sub(r'^title = "', f'title = "{marker}: ', text, count=1, flags=re.M)
                t0 = time.perf_counter()
                status, _, body = call(item, "PUT", {"text": new}, {**auth, "If-Match": headers["ETag"]})
                saved = time.perf_counter()
                saves.append(saved - t0)
                assert status == 200, (status, body)
                # Save → its preview ready: the draft rendered as its page.
                status, _, preview = call(f"{base}/admin/content/preview?locale=en&key={key}",
                                          headers={"Cookie": cookie})
                assert status == 200 and marker in preview, (status, preview[:300])
                previews.append(time.perf_counter() - t0)
                revision = json.loads(body)["revision"]
                status, _, body = call(f"{item}/approve", "POST", {"revision": revision}, auth)
                assert status == 200, (status, body)
                t0 = time.perf_counter()
                status, _, body = call(f"{item}/publish", "POST", {"revision": revision}, auth)
                assert status == 200, (status, body)
                wait_for(page, marker, 60)
                served.append(time.perf_counter() - t0)
                last_marker = marker
            log("waiting for the full rebuild to reach the list")
            results["list_after_last"] = wait_for(f"{base}/en/stories/", last_marker, 300)
            results["saves"], results["previews"], results["served"] = saves, previews, served

            # An admin page's server time, with the session.
            runs = [("an item's page", f"{base}/admin/content/item?locale=en&key={keys[0]}"),
                    (f"the content overview ({2 * a.pages + 12:,} items)", f"{base}/admin/content"),
                    ("a section's page (100 items)", f"{base}/admin/content?section=stories&page=2")]
            wrk = []
            for name, url in runs:
                args = ["wrk", "-t1", "-c1", "--latency", "-H", f"Cookie: {cookie}"]
                subprocess.run(args + ["-d2s", url], capture_output=True, timeout=60)
                out = subprocess.run(args + [f"-d{a.seconds}s", url], capture_output=True, text=True,
                                     timeout=a.seconds + 60, check=True).stdout
                wrk.append((name, parse_wrk(out)))
            results["wrk"] = wrk
        finally:
            server.stop()

        # Every item at 10 revisions: nine rounds of every file changed and imported.
        copy = tmp / "site"
        shutil.copytree(site, copy)
        files = sorted((copy / "content").rglob("*.md"))
        imports = []
        for r in range(1, a.revisions):
            for f in files:
                with open(f, "a", encoding="utf-8") as out:
                    out.write(f"\nRevision {r}.\n")
            t0 = time.perf_counter()
            portico_cmd(portico, "import", str(copy), "--data", str(data))
            imports.append(time.perf_counter() - t0)
        results["imports"] = imports
        results["items"] = len(files)
        db = data / "portico.sqlite3"
        results["db_bytes"] = sum(p.stat().st_size for p in data.glob("portico.sqlite3*"))
        serve_copy = [str(portico), "serve", "--site", str(copy), "--data", str(data), "--addr", f"127.0.0.1:{port}"]
        server = Server(serve_copy, port, tmp / "revisions.log")
        try:
            call(f"{base}/en/")
            time.sleep(2)
            results["rss_kb"] = server.rss_kb()
        finally:
            server.stop()
        assert db.exists()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ms = lambda s: f"{s * 1000:.0f} ms"
    saves, served = results["saves"], results["served"]
    print(f"## The editor at {2 * a.pages:,} pages\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/editor.py --pages {a.pages} --trials {a.trials} --seconds {a.seconds}`\n")
    print("| measure | p50 | p99 (max of the trials) | target |")
    print("| --- | ---: | ---: | --- |")
    print(f"| save (PUT, checked, written, fsync'd), {len(saves)} trials | {ms(statistics.median(saves))} | "
          f"{ms(pct(saves, 99))} | — |")
    previews = results["previews"]
    print(f"| save → its preview ready (the draft rendered as its page), {len(previews)} trials | "
          f"{ms(statistics.median(previews))} | {ms(pct(previews, 99))} | p99 ≤ 100 ms |")
    print(f"| publish → the edited page served, {len(served)} trials | {ms(statistics.median(served))} | "
          f"{ms(pct(served, 99))} | p99 ≤ 100 ms |")
    for name, r in results["wrk"]:
        print(f"| admin page server time: {name} (wrk -t1 -c1) | {r['p50']:.2f} ms | {r['p99']:.2f} ms | "
              f"p99 ≤ 10 ms |")
    print()
    print(f"- publish → the list page shows it (the full rebuild after the last trial): "
          f"{results['list_after_last']:.1f} s")
    print(f"- anchor, same run: Hugo builds the same site in {results['hugo']:.1f} s (best of 2)")
    print(f"- start with {2 * a.pages:,} pages: first start (every file brought into the store) "
          f"{results['first_start']:.1f} s, next start {results['start']:.1f} s")
    print(f"- {results['items']:,} items at {a.revisions} revisions each: store "
          f"{results['db_bytes'] / 2**20:.0f} MiB, server {results['rss_kb'] / 1024:.0f} MiB resident after start; "
          f"`portico import` of every file changed: {statistics.median(results['imports']):.1f} s median")


if __name__ == "__main__":
    main()
