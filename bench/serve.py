#!/usr/bin/env python3
"""Serving benchmark: nginx serving Portico's static export from disk versus
`portico serve` on the same content, with per-request trace ids.

    python3 bench/serve.py [--pages 1000] [--seconds 15] [--pairs 3]

Both run as in production: nginx with worker_processes 2, sendfile,
gzip_static (pre-compressed files) and a buffered access log; Portico with
its default access log. wrk runs on loopback, alternating A B A B, and every
ratio is Portico/nginx of one pair. Everything started is stopped.
"""

import argparse
import subprocess
import shutil
import tempfile
import time
from pathlib import Path

from common import (Server, build_portico, commit, ensure_tools, free_port, generate, log, machine, median,
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


def wrk(port, path, seconds, gzip):
    args = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if gzip:
        args += ["-H", "Accept-Encoding: gzip"]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         timeout=seconds + 30, check=True).stdout
    return parse_wrk(out)


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
    subprocess.run(["rm", "-rf", str(export)], check=True)
    log("portico build (the export nginx serves)")
    subprocess.run([str(portico), "build", "--site", str(site), "--out", str(export)], check=True,
                   stdout=subprocess.DEVNULL, timeout=900)
    precompress(export)
    story = sorted((export / "en" / "stories").glob("*/index.html"))[0].parent.name
    scenarios = [
        ("story page, gzip", f"/en/stories/{story}/", True),
        ("story page, identity", f"/en/stories/{story}/", False),
        ("home page, gzip", "/en/", True),
        ("404 page, gzip", "/en/no-such-page/", True),
    ]
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-serve-"))
    nginx_port, portico_port = free_port(), free_port()
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(dir=tmp, port=nginx_port, root=export))
    servers = []
    try:
        nginx = Server(["nginx", "-c", str(tmp / "nginx.conf")], nginx_port, tmp / "nginx.out")
        servers.append(nginx)
        ours = Server([str(portico), "serve", "--site", str(site), "--addr", f"127.0.0.1:{portico_port}"],
                      portico_port, tmp / "portico.log")
        servers.append(ours)
        log(f"portico answered after {ours.ready_after:.2f}s; warming up")
        for port in (nginx_port, portico_port):
            for _, path, gz in scenarios:
                wrk(port, path, 2, gz)
        rows = []
        for name, path, gz in scenarios:
            pairs = []
            for i in range(a.pairs):
                n = wrk(nginx_port, path, a.seconds, gz)
                p = wrk(portico_port, path, a.seconds, gz)
                log(f"{name} pair {i + 1}: nginx {n['rps']:.0f} req/s, portico {p['rps']:.0f} req/s")
                pairs.append((n, p))
            rows.append((name, path, pairs))
        rss_mb = ours.rss_kb() / 1024
    finally:
        for s in reversed(servers):
            s.stop()
        # Both access logs of a run are several GB: never leave them behind.
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"## Serving: Portico vs nginx ({a.pages} pages per locale, 2 locales)\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/serve.py --pages {a.pages} --seconds {a.seconds} --pairs {a.pairs}`")
    print(f"- wrk -t2 -c64, {a.seconds} s per run, {a.pairs} alternating pairs per row, loopback")
    print(f"- portico first answer after start: {ours.ready_after:.2f} s; RSS after the run: {rss_mb:.0f} MB\n")
    print("| scenario | nginx req/s | portico req/s | ratio (median of pairs) | nginx p50 / p99 ms | portico p50 / p99 ms | p99 ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, pairs in rows:
        ratios = [p["rps"] / n["rps"] for n, p in pairs]
        p99r = [p["p99"] / n["p99"] for n, p in pairs]
        nr, pr = median([n["rps"] for n, _ in pairs]), median([p["rps"] for _, p in pairs])
        print(f"| {name} | {nr:,.0f} | {pr:,.0f} | {median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)}) "
              f"| {median([n['p50'] for n, _ in pairs]):.2f} / {median([n['p99'] for n, _ in pairs]):.2f} "
              f"| {median([p['p50'] for _, p in pairs]):.2f} / {median([p['p99'] for _, p in pairs]):.2f} "
              f"| {median(p99r):.2f} |")
    unexpected = sum(p["non2xx"] for name, _, pairs in rows if not name.startswith("404") for _, p in pairs)
    if unexpected:
        print(f"\nwarning: portico answered {unexpected} unexpected non-2xx/3xx responses.")


if __name__ == "__main__":
    main()
