#!/usr/bin/env python3
"""Search benchmark: Portico's index and query latency against Pagefind on
the same generated site.

    python3 bench/search.py [--pages 10000] [--seconds 15]

Portico: index build time and size (`serve --index-dir` on an empty
folder), then server-side latency (the access log's duration_us) of 200
fixed 1-2 word queries, half with a typo, and of 200 suggestion prefixes,
under 8 concurrent clients (wrk -t2 -c8, loopback).
Pagefind (npm `pagefind`, pinned in bench/search/package.json): index build
time and bundle size over `portico build`'s export of the same site, and
its query time in headless Chromium (Debian's) for the same 200 queries.
"""

import argparse
import json
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

from common import (ROOT, Server, build_portico, commit, ensure_tools, free_port, generate, log, machine,
                    parse_wrk)

HERE = ROOT / "bench" / "search"


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def vocabulary(site, locale, limit_files=400):
    """Words of the generated content, by frequency."""
    counts = {}
    files = sorted((site / "content" / locale).rglob("*.md"))[:limit_files]
    for f in files:
        body = f.read_text(encoding="utf-8").split("+++")[-1]
        for w in re.findall(r"[^\W\d_]{4,}", body.lower()):
            counts[w] = counts.get(w, 0) + 1
    return [w for w, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n >= 3]


def typo(word, rng):
    """Two neighbouring letters swapped (one edit)."""
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def queries(site):
    """200 (locale, query) pairs: 100 clean, 100 with one typo; and 200
    suggestion prefixes."""
    rng = random.Random(7)
    out, prefixes = [], []
    for locale in ("en", "fr"):
        words = vocabulary(site, locale)
        common = words[: max(50, len(words) // 2)]
        long_words = [w for w in common if len(w) >= 6]
        for i in range(50):
            q = rng.choice(common) if i % 2 else f"{rng.choice(common)} {rng.choice(common)}"
            out.append((locale, q))
        for i in range(50):
            w = rng.choice(long_words)
            q = typo(w, rng) if i % 2 else f"{rng.choice(common)} {typo(w, rng)}"
            out.append((locale, q))
        for _ in range(100):
            w = rng.choice(common)
            prefixes.append((locale, w[: rng.randint(2, min(6, len(w)))]))
    return out, prefixes


def quote(q):
    return "+".join(
        "".join(c if c.isascii() and (c.isalnum() or c in "-_.~") else "".join(f"%{b:02X}" for b in c.encode())
                for c in part) for part in q.split(" "))


def access_durations(log_path, prefix_match):
    """duration_us of access-log lines whose path matches."""
    out = []
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        if '"portico::access"' not in line:
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if re.fullmatch(prefix_match, rec.get("url.path", "")) and rec.get("http.status") == 200:
            out.append(rec["duration_us"] / 1000)
    return out


def wrk(port, paths_file, seconds):
    argv = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "5s", "-s", str(HERE / "queries.lua"),
            f"http://127.0.0.1:{port}/"]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60,
                       env={"PATHS": str(paths_file), "PATH": "/usr/bin:/bin"})
    return parse_wrk(r.stdout)


def du(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--work", default="/tmp/portico-bench")
    a = ap.parse_args()
    ensure_tools(("wrk", "wrk"), ("/usr/bin/chromium", "chromium"), ("/usr/bin/time", "time"))
    if not (HERE / "node_modules" / "pagefind").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=600)
    portico = build_portico()
    site, _ = generate(a.pages, Path(a.work) / f"site-{a.pages}")
    work = Path(a.work) / f"search-{a.pages}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    qs, prefixes = queries(site)
    (work / "search-paths.txt").write_text("".join(f"/{l}/search?q={quote(q)}\n" for l, q in qs))
    (work / "suggest-paths.txt").write_text("".join(f"/{l}/search/suggest?q={quote(q)}\n" for l, q in prefixes))

    # --- Portico ---
    port = free_port()
    index_dir = work / "index"
    log_path = work / "portico.log"
    server = Server([str(portico), "serve", "--site", str(site), "--addr", f"127.0.0.1:{port}",
                     "--index-dir", str(index_dir)], port, log_path)
    try:
        deadline = time.monotonic() + 300
        index_ms = None
        while time.monotonic() < deadline and index_ms is None:
            for line in log_path.read_text(errors="replace").splitlines():
                if "search index ready" in line:
                    index_ms = json.loads(line)["index_ms"]
            time.sleep(0.2)
        if index_ms is None:
            raise RuntimeError("the index was not ready within 300 s")
        # Measure on a quiet server: pages are compressed in the background
        # after start-up, on all cores but one.
        while time.monotonic() < deadline + 900:
            if "every response is compressed" in log_path.read_text(errors="replace"):
                break
            time.sleep(1)
        else:
            raise RuntimeError("background compression did not finish within 900 s")
        index_bytes = du(index_dir)
        docs = sum(1 for _ in (site / "content").rglob("*.md"))
        log(f"portico index: {index_ms} ms, {index_bytes / 1e6:.1f} MB")
        wrk(port, work / "search-paths.txt", 3)  # warm-up
        before = len(log_path.read_text(errors="replace").splitlines())
        w_search = wrk(port, work / "search-paths.txt", a.seconds)
        w_suggest = wrk(port, work / "suggest-paths.txt", a.seconds)
        time.sleep(1)
        lines = log_path.read_text(errors="replace").splitlines()[before:]
        (work / "measured.log").write_text("\n".join(lines))
        s_lat = access_durations(work / "measured.log", r"/[^/]+/search")
        g_lat = access_durations(work / "measured.log", r"/[^/]+/search/suggest")
        rss = server.rss_kb() / 1024
    finally:
        server.stop()

    # --- Pagefind on the export of the same content ---
    export = work / "export"
    subprocess.run([str(portico), "build", "--site", str(site), "--out", str(export)], check=True, timeout=900,
                   capture_output=True)
    pagefind = HERE / "node_modules" / ".bin" / "pagefind"
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-v", str(pagefind), "--site", str(export)], capture_output=True, text=True,
                       timeout=1800)
    pf_seconds = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError(f"pagefind failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    pf_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    pf_pages = re.search(r"Indexed (\d+) pages?", r.stdout)
    pf_bytes = du(export / "pagefind")
    (work / "queries.txt").write_text("".join(f"{q}\n" for _, q in qs))
    http_port = free_port()
    http = Server(["python3", "-m", "http.server", str(http_port), "--bind", "127.0.0.1", "--directory", str(export)],
                  http_port, work / "http.log")
    try:
        out = subprocess.run(["node", str(HERE / "pagefind.mjs"), f"http://127.0.0.1:{http_port}",
                              str(work / "queries.txt")], capture_output=True, text=True, timeout=600, cwd=HERE)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        pf_times = json.loads(out.stdout)["times"]
    finally:
        http.stop()

    print("## Search: Portico vs Pagefind\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/search.py --pages {a.pages} --seconds {a.seconds}`")
    print(f"- content: {a.pages:,} pages per locale × 2 locales ({docs:,} content files); 200 queries of 1-2 words "
          "(half with a swap of two neighbouring letters), 200 suggestion prefixes, en and fr")
    print("- Portico latency is server-side (the access log's duration_us: parse, search, render the results page "
          f"or the JSON), under wrk -t2 -c8 on loopback for {a.seconds} s each, once the server's background compression has finished; Pagefind's is in-browser "
          "(search plus loading the top 10 results' data), one query at a time, in headless Chromium\n")
    print("| | Portico | Pagefind | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| index build, s | {index_ms / 1000:.2f} | {pf_seconds:.2f} | {index_ms / 1000 / pf_seconds:.2f} |")
    print(f"| index size, MB (Portico: on disk; Pagefind: bundle) | {index_bytes / 1e6:.1f} | {pf_bytes / 1e6:.1f} | "
          f"{index_bytes / pf_bytes:.2f} |")
    print(f"| search p50 / p99, ms | {percentile(s_lat, 50):.2f} / {percentile(s_lat, 99):.2f} | "
          f"{percentile(pf_times, 50):.1f} / {percentile(pf_times, 99):.1f} | |")
    print(f"| suggestions p50 / p99, ms | {percentile(g_lat, 50):.2f} / {percentile(g_lat, 99):.2f} | | |")
    print(f"| requests measured | {len(s_lat):,} search, {len(g_lat):,} suggest | {len(pf_times)} | |")
    print(f"| wrk req/s (8 clients) | search {w_search['rps']:.0f}, suggest {w_suggest['rps']:.0f} | | |")
    print(f"| peak RSS, MB | serve with index: {rss:.0f} | pagefind CLI: {pf_rss:.0f} | |")
    if pf_pages:
        print(f"\nPagefind indexed {int(pf_pages.group(1)):,} pages.")


if __name__ == "__main__":
    main()
