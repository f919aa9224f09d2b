#!/usr/bin/env python3
"""Start-up, memory and edit-to-served time of `portico serve` on a large
site (nothing to compare against: nginx has no build step).

    python3 bench/startup.py [--pages 10000]

1. Time from process start to the first 200 for a story page.
2. RSS once every response is compressed (the server logs it).
3. A second server, under --watch (which also keeps the site's model in
   memory): a story's title is changed on disk; time until the page served
   carries the new title (polled every 5 ms), over 3 edits.
"""

import argparse
import http.client
import shutil
import time
from pathlib import Path

from common import Server, build_portico, commit, free_port, generate, log, machine, median


def fetch(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.read().decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--work", default="/tmp/portico-bench")
    a = ap.parse_args()
    portico = build_portico()
    site, _ = generate(a.pages, Path(a.work) / f"site-{a.pages}")
    # Edits go to a copy, so the generated site stays as generated.
    copy = Path(a.work) / f"site-{a.pages}-edit"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    story_file = sorted((copy / "content/en/stories").glob("*.md"))[1]
    story_path = f"/en/stories/{story_file.stem}/"

    port = free_port()
    start = time.monotonic()
    server = Server([str(portico), "serve", "--site", str(copy), "--addr", f"127.0.0.1:{port}"],
                    port, Path(a.work) / "startup.log")
    try:
        while True:
            status, _ = fetch(port, story_path)
            if status == 200:
                break
            time.sleep(0.01)
        first = time.monotonic() - start
        log(f"first 200 after {first:.2f}s")
        # RSS once the background compression has finished (the server
        # logs it), sampled along the way for the peak.
        log_file = Path(a.work) / "startup.log"
        rss_series = []
        deadline = time.monotonic() + 900
        while "every response is compressed" not in log_file.read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise RuntimeError("compression did not finish in 15 minutes")
            rss_series.append(server.rss_kb())
            time.sleep(1)
        settled = time.monotonic() - start
        time.sleep(2)
        rss_mb = server.rss_kb() / 1024
        peak_mb = max(rss_series + [server.rss_kb()]) / 1024
        log(f"every response compressed after {settled:.0f}s; RSS {rss_mb:.0f} MB (peak seen {peak_mb:.0f} MB)")
    finally:
        server.stop()

    port = free_port()
    server = Server([str(portico), "serve", "--watch", "--site", str(copy), "--addr", f"127.0.0.1:{port}"],
                    port, Path(a.work) / "startup-watch.log")
    try:
        while fetch(port, story_path)[0] != 200:
            time.sleep(0.01)
        time.sleep(5)
        edits = []
        original = story_file.read_text()
        for n in range(3):
            marker = f"Edited title {n} {time.time_ns()}"
            text = original.replace('title = "', f'title = "{marker} ', 1)
            t0 = time.monotonic()
            story_file.write_text(text)
            while True:
                _, body = fetch(port, story_path)
                if marker in body:
                    break
                if time.monotonic() - t0 > 120:
                    raise RuntimeError("the edit was never served")
                time.sleep(0.005)
            edits.append((time.monotonic() - t0) * 1000)
            log(f"edit {n + 1} served after {edits[-1]:.0f} ms")
            time.sleep(3)
    finally:
        server.stop()

    print(f"## Start-up, memory and edits ({a.pages:,} pages per locale, 2 locales)\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/startup.py --pages {a.pages}`\n")
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| process start to first 200 (story page) | {first:.2f} s |")
    print(f"| every response compressed (gzip 9, brotli 11, in the background) after | {settled:.0f} s |")
    print(f"| RSS once every response is compressed | {rss_mb:.0f} MB (peak seen while compressing: {peak_mb:.0f} MB) |")
    print(f"| file written to edit served under --watch (median of 3; 3 s apart, each during the previous edit's full rebuild) | {median(edits):.0f} ms ({', '.join(f'{e:.0f}' for e in edits)}) |")


if __name__ == "__main__":
    main()
