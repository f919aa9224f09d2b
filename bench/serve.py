#!/usr/bin/env python3
"""Serving benchmark: nginx serving Portico's static export from disk versus
`portico serve` on the same content, with per-request trace ids.

    python3 bench/serve.py [--pages 1000] [--seconds 15] [--pairs 3]

Both run as in production: nginx with worker_processes 2, sendfile,
gzip_static (pre-compressed files) and a buffered access log; Portico with
its default access log. wrk runs on loopback, alternating A B A B, and every
ratio is Portico/nginx of one pair. Everything started is stopped.

Two sites: the synthetic one (`bench/gen`, cached in --work) and the demo
site in `site/`, whose pages are the size a real visitor downloads. Each runs
at 64 connections (throughput) and at one connection (latency).
"""

import argparse
import subprocess
import shutil
import tempfile
import time
from pathlib import Path

from common import (ROOT, Server, build_portico, commit, ensure_tools, free_port, generate, log, machine, median,
                    parse_wrk)

NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
daemon off;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log {dir}/access.log combined buffer=64k;
  sendfile on;
  tcp_nopush on;
  gzip_static on;
  etag on;
  server {{
    listen 127.0.0.1:{port} reuseport backlog=4096;
    root {root};
    index index.html;
    error_page 404 /404.html;
  }}
}}
"""


def precompress(root):
    """nginx's gzip_static serves FILE.gz next to FILE: make them once."""
    for f in list(root.rglob("*")):
        if f.suffix in {".html", ".css", ".js", ".svg", ".xml", ".txt"} and f.is_file():
            subprocess.run(["gzip", "-9", "-k", "-f", str(f)], check=True)


def wrk(port, path, seconds, gzip, connections=64):
    threads = 2 if connections > 1 else 1
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if gzip:
        args += ["-H", "Accept-Encoding: gzip"]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         timeout=seconds + 30, check=True).stdout
    return parse_wrk(out)


def wait_for_log(path, needle, timeout=600):
    """Portico compresses every response in the background after start; a
    measurement taken before that ends measures the compression too."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in path.read_text(errors="replace"):
            return
        time.sleep(1)
    raise RuntimeError(f"no '{needle}' in {path} after {timeout}s")


def export_site(portico, site, export):
    subprocess.run(["rm", "-rf", str(export)], check=True)
    log(f"portico build {site} (the export nginx serves)")
    subprocess.run([str(portico), "build", "--site", str(site), "--out", str(export)], check=True,
                   stdout=subprocess.DEVNULL, timeout=900)
    precompress(export)


def measure(portico, site, export, scenarios, a):
    """nginx on the export and Portico on the source, side by side, each
    scenario as alternating pairs; returns the rows and Portico's figures."""
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-serve-"))
    nginx_port, portico_port = free_port(), free_port()
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(dir=tmp, port=nginx_port, root=export))
    servers = []
    try:
        servers.append(Server(["nginx", "-c", str(tmp / "nginx.conf")], nginx_port, tmp / "nginx.out"))
        ours = Server([str(portico), "serve", "--site", str(site), "--data", str(tmp / "data"),
                       "--addr", f"127.0.0.1:{portico_port}"], portico_port, tmp / "portico.log")
        servers.append(ours)
        log(f"portico answered after {ours.ready_after:.2f}s; waiting for the background compression")
        wait_for_log(tmp / "portico.log", "every response is compressed")
        for port in (nginx_port, portico_port):
            for _, path, gz, c in scenarios:
                wrk(port, path, 2, gz, c)
        rows = []
        for name, path, gz, c in scenarios:
            pairs = []
            for i in range(a.pairs):
                n = wrk(nginx_port, path, a.seconds, gz, c)
                p = wrk(portico_port, path, a.seconds, gz, c)
                log(f"{name} pair {i + 1}: nginx {n['rps']:.0f} req/s p99 {n['p99']:.2f} ms, "
                    f"portico {p['rps']:.0f} req/s p99 {p['p99']:.2f} ms")
                pairs.append((n, p))
            rows.append((name, path, pairs))
        return rows, ours.ready_after, ours.rss_kb() / 1024
    finally:
        for s in reversed(servers):
            s.stop()
        # Both access logs of a run are several GB: never leave them behind.
        shutil.rmtree(tmp, ignore_errors=True)


def table(title, rows):
    print(f"### {title}\n")
    print("| scenario | nginx req/s | portico req/s | ratio (median of pairs) | nginx p50 / p99 ms "
          "| portico p50 / p99 ms | p99 ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, pairs in rows:
        ratios = [p["rps"] / n["rps"] for n, p in pairs]
        p99r = [p["p99"] / n["p99"] for n, p in pairs]
        nr, pr = median([n["rps"] for n, _ in pairs]), median([p["rps"] for _, p in pairs])
        print(f"| {name} | {nr:,.0f} | {pr:,.0f} | {median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)}) "
              f"| {median([n['p50'] for n, _ in pairs]):.3f} / {median([n['p99'] for n, _ in pairs]):.2f} "
              f"| {median([p['p50'] for _, p in pairs]):.3f} / {median([p['p99'] for _, p in pairs]):.2f} "
              f"| {median(p99r):.2f} |")
    print()
    unexpected = sum(p["non2xx"] for name, _, pairs in rows if not name.startswith("404") for _, p in pairs)
    if unexpected:
        print(f"warning: portico answered {unexpected} unexpected non-2xx/3xx responses.\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/portico-bench")
    a = ap.parse_args()
    ensure_tools(("nginx", "nginx-light"), ("wrk", "wrk"), ("gzip", "gzip"))
    portico = build_portico()
    work = Path(a.work)

    site, _ = generate(a.pages, work / f"site-{a.pages}")
    export = work / f"export-{a.pages}"
    export_site(portico, site, export)
    story = sorted((export / "en" / "stories").glob("*/index.html"))[0].parent.name
    synthetic = [
        ("story page, gzip", f"/en/stories/{story}/", True, 64),
        ("story page, identity", f"/en/stories/{story}/", False, 64),
        ("home page, gzip", "/en/", True, 64),
        ("404 page, gzip", "/en/no-such-page/", True, 64),
        ("story page, gzip, one connection", f"/en/stories/{story}/", True, 1),
    ]
    synthetic_rows, ready_after, rss_mb = measure(portico, site, export, synthetic, a)

    demo_site, demo_export = ROOT / "site", work / "export-demo"
    export_site(portico, demo_site, demo_export)
    # The demo's longest story: the heaviest page a visitor reads.
    demo_story = max((demo_export / "en" / "stories").glob("*/index.html"), key=lambda f: f.stat().st_size)
    demo_story = f"/en/stories/{demo_story.parent.name}/"
    demo = [
        ("story page, gzip", demo_story, True, 64),
        ("story page, identity", demo_story, False, 64),
        ("home page, gzip", "/en/", True, 64),
        ("research hub, gzip", "/en/research/", True, 64),
        ("story page, gzip, one connection", demo_story, True, 1),
    ]
    demo_rows, _, demo_rss = measure(portico, demo_site, demo_export, demo, a)

    print("## Serving: Portico vs nginx\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/serve.py --pages {a.pages} --seconds {a.seconds} --pairs {a.pairs}`")
    print(f"- wrk -t2 -c64 (one connection: -t1 -c1), {a.seconds} s per run, {a.pairs} alternating pairs "
          "per row, loopback, measured after Portico's background compression ended")
    print(f"- portico first answer after start ({a.pages} pages per locale): {ready_after:.2f} s; "
          f"RSS after the run: {rss_mb:.0f} MB (synthetic), {demo_rss:.0f} MB (demo)\n")
    table(f"Synthetic site, {a.pages} pages per locale, 2 locales", synthetic_rows)
    table(f"The demo site's own pages (story: {demo_story})", demo_rows)


if __name__ == "__main__":
    main()
