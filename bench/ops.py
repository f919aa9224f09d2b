#!/usr/bin/env python3
"""What metrics and traces cost: the demo site served by two `portico
serve` processes side by side — one plain, one with `--metrics-addr` and
OTLP export to a local receiver (every request a span) — measured with
wrk in alternating pairs, and the ratio of each pair (with/without).

    python3 bench/ops.py [--seconds 10] [--pairs 5] [--sampler-ratio 1.0]

The receiver (a Python HTTP server on loopback) reads and discards each
export, counting the spans it got; Prometheus is played by a scrape every
15 s. The target: the two within 3 %. Everything started is stopped.
"""

import argparse
import http.server
import os
import shutil
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, Server, build_portico, commit, ensure_tools, free_port, log, machine, median
from serve import wait_for_log, wrk


class Receiver(http.server.ThreadingHTTPServer):
    """An OTLP/HTTP endpoint that answers 200 and counts bytes."""

    daemon_threads = True

    def __init__(self):
        self.requests = 0
        self.bytes = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(n)
                outer.requests += 1
                outer.bytes += n
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def scraper(port, stop):
    """A Prometheus scraping every 15 s."""
    while not stop.wait(15):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
        except OSError as e:
            log(f"scrape failed: {e}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--pairs", type=int, default=5)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--sampler-ratio", type=float, default=1.0,
                   help="OTEL_TRACES_SAMPLER_ARG of parentbased_traceidratio (1.0: every request)")
    a = p.parse_args()
    ensure_tools(("wrk", "wrk"))
    portico = build_portico()
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-ops-"))
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    stop = threading.Event()
    servers = []
    try:
        plain_port, on_port, metrics_port = free_port(), free_port(), free_port()
        site = ROOT / "site"
        plain = Server([str(portico), "serve", "--site", str(site), "--data", str(tmp / "plain"),
                        "--addr", f"127.0.0.1:{plain_port}"], plain_port, tmp / "plain.log")
        servers.append(plain)
        env = dict(os.environ,
                   OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver.server_address[1]}",
                   OTEL_TRACES_SAMPLER="parentbased_traceidratio",
                   OTEL_TRACES_SAMPLER_ARG=str(a.sampler_ratio),
                   OTEL_BSP_SCHEDULE_DELAY="1000")
        on = Server([str(portico), "serve", "--site", str(site), "--data", str(tmp / "on"),
                     "--addr", f"127.0.0.1:{on_port}", "--metrics-addr", f"127.0.0.1:{metrics_port}"],
                    on_port, tmp / "on.log", env=env)
        servers.append(on)
        for name in ("plain", "on"):
            wait_for_log(tmp / f"{name}.log", "every response is compressed")
        threading.Thread(target=scraper, args=(metrics_port, stop), daemon=True).start()
        path = "/en/"
        for port in (plain_port, on_port):
            wrk(port, path, 2, True, a.connections)
        pairs = []
        for i in range(a.pairs):
            order = [(plain_port, "off"), (on_port, "on")]
            if i % 2:
                order.reverse()
            got = {label: wrk(port, path, a.seconds, True, a.connections) for port, label in order}
            log(f"pair {i + 1}: off {got['off']['rps']:.0f} req/s p99 {got['off']['p99']:.2f} ms, "
                f"on {got['on']['rps']:.0f} req/s p99 {got['on']['p99']:.2f} ms")
            pairs.append((got["off"], got["on"]))
        time.sleep(2)
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
        dropped = sum(float(l.split()[-1]) for l in metrics.splitlines()
                      if l.startswith("portico_trace_spans_dropped_total"))
        ratios = [on["rps"] / off["rps"] for off, on in pairs]
        print(f"## Metrics and traces on against off ({time.strftime('%Y-%m-%d')}, commit {commit()})\n")
        print(f"- machine: {machine()}")
        print(f"- command: `python3 bench/ops.py --seconds {a.seconds} --pairs {a.pairs} "
              f"--sampler-ratio {a.sampler_ratio}`")
        print(f"- wrk -t2 -c{a.connections}, gzip, `{path}` of the demo site, {a.pairs} pairs alternating "
              f"which goes first; \"on\": `--metrics-addr` scraped every 15 s and OTLP/HTTP export of "
              f"{a.sampler_ratio:.0%} of requests to a receiver on loopback\n")
        print("| | off req/s | on req/s | on/off | off p99 ms | on p99 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for i, (off, on) in enumerate(pairs):
            print(f"| pair {i + 1} | {off['rps']:.0f} | {on['rps']:.0f} | {on['rps'] / off['rps']:.3f} | "
                  f"{off['p99']:.2f} | {on['p99']:.2f} |")
        print(f"| **median** | {median([o['rps'] for o, _ in pairs]):.0f} | {median([n['rps'] for _, n in pairs]):.0f} "
              f"| **{median(ratios):.3f}** | | |\n")
        print(f"- the receiver got {receiver.requests} exports ({receiver.bytes / 1e6:.1f} MB); "
              f"spans dropped by the bounded queue: {dropped:.0f}")
    finally:
        stop.set()
        for s in reversed(servers):
            s.stop()
        receiver.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
