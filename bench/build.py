#!/usr/bin/env python3
"""Build benchmark: `portico build --index-dir` (pages and the search index)
versus `hugo` on the same generated site, alternately, wall time and peak
RSS from /usr/bin/time -v.

    python3 bench/build.py [--pages 1000 10000] [--runs 3]
"""

import argparse
import re
import shutil
import subprocess
import time
from pathlib import Path

from common import build_portico, commit, ensure_tools, generate, log, machine, median


def timed(argv, timeout=1200):
    r = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return seconds, rss / 1024


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["sync"], check=True)
    time.sleep(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/portico-bench")
    ap.add_argument("--out-root", default="/dev/shm/portico-bench-out",
                    help="where both tools write (tmpfs by default: the tools are measured, not this disk)")
    a = ap.parse_args()
    ensure_tools(("hugo", "hugo"), ("/usr/bin/time", "time"))
    portico = build_portico()
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    rows = []
    for n in a.pages:
        site, hugo_site = generate(n, Path(a.work) / f"site-{n}")
        out_p, out_h = Path(a.out_root) / f"portico-{n}", Path(a.out_root) / f"hugo-{n}"
        index_p = Path(a.out_root) / f"portico-index-{n}"
        pairs = []
        for i in range(a.runs):
            # Each tool writes into a folder that does not exist yet; the
            # previous output is deleted and synced to disk before the clock
            # starts, so neither pays for the other's (or its own) deletions.
            fresh(out_h)
            h = timed(["hugo", "--quiet", "-s", str(hugo_site), "-d", str(out_h)])
            fresh(out_p)
            fresh(index_p)
            p = timed([str(portico), "build", "--site", str(site), "--out", str(out_p), "--index-dir", str(index_p)])
            log(f"{n} pages, run {i + 1}: hugo {h[0]:.2f}s {h[1]:.0f} MB, portico {p[0]:.2f}s {p[1]:.0f} MB")
            pairs.append((h, p))
        pages_h = sum(1 for _ in out_h.rglob("index.html"))
        pages_p = sum(1 for _ in out_p.rglob("index.html"))
        rows.append((n, pairs, pages_h, pages_p))
        shutil.rmtree(out_p, ignore_errors=True)
        shutil.rmtree(out_h, ignore_errors=True)
        shutil.rmtree(index_p, ignore_errors=True)

    print("## Building: Portico vs Hugo\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/build.py --pages {' '.join(map(str, a.pages))} --runs {a.runs}`")
    print(f"- {hugo_version}")
    print(f"- both write to {a.out_root} (tmpfs): on this VM's disk, kernel time for creating 20,000 files varied")
    print("  3x between identical runs of either tool, which measured the disk, not the tools")
    print("- portico build also builds the search index (`--index-dir`, one tantivy index per locale); Hugo does not index\n")
    print("| pages per locale (×2 locales) | hugo wall s | portico wall s | wall ratio (median of pairs) | hugo peak RSS MB | portico peak RSS MB | RSS ratio | pages written hugo / portico |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, pairs, ph, pp in rows:
        wr = [p[0] / h[0] for h, p in pairs]
        rr = [p[1] / h[1] for h, p in pairs]
        print(f"| {n:,} | {median([h[0] for h, _ in pairs]):.2f} | {median([p[0] for _, p in pairs]):.2f} "
              f"| {median(wr):.2f} ({', '.join(f'{x:.2f}' for x in wr)}) "
              f"| {median([h[1] for h, _ in pairs]):.0f} | {median([p[1] for _, p in pairs]):.0f} | {median(rr):.2f} | {ph:,} / {pp:,} |")


if __name__ == "__main__":
    main()
