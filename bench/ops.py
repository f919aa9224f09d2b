#!/usr/bin/env python3
"""What metrics and traces cost: the demo site served by `portico serve`
plain (twice: the second is the noise floor), and by one more server per sampling ratio with `--metrics-addr`
and OTLP export of that share of requests as spans; wrk against each in
turn, in rounds that change the order, and each one's throughput as a
ratio of the plain server's in the same round.

    python3 bench/ops.py [--seconds 10] [--pairs 5] [--sampler-ratio 0 0.1 1]

The receiver is nginx on loopback, answering 200 to each export after
reading it (the cheapest collector there is: what is measured is the
server's side); Prometheus is played by a scrape every 15 s. The target:
within 3 % of the plain server. Everything started is stopped.
"""

import argparse
import os
import shutil
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, Server, build_portico, commit, ensure_tools, free_port, log, machine, median
from serve import wait_for_log, wrk


SINK_CONF = """
worker_processes 1;
pid {dir}/sink.pid;
error_log {dir}/sink-error.log;
daemon off;
events {{ worker_connections 256; }}
http {{
  access_log {dir}/sink-access.log;
  client_max_body_size 0;
  server {{
    listen 127.0.0.1:{port};
    location = /v1/traces {{ return 200; }}
  }}
}}
"""


def sink_stats(tmp):
    """Exports the sink took (from its access log)."""
    log_path = tmp / "sink-access.log"
    if not log_path.exists():
        return 0
    return sum('"POST /v1/traces' in line for line in log_path.read_text().splitlines())


def scraper(port, stop):
    """A Prometheus scraping every 15 s."""
    while not stop.wait(15):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
        except OSError as e:
            log(f"scrape failed: {e}")


def cpu_seconds(pid):
    """User and system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def counter(text, name):
    return sum(float(l.split()[-1]) for l in text.splitlines() if l.startswith(name))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--pairs", type=int, default=5)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--sampler-ratio", type=float, nargs="+", default=[0.0, 0.1, 1.0],
                   help="one \"on\" server per ratio (OTEL_TRACES_SAMPLER_ARG of parentbased_traceidratio; "
                        "0: metrics only, 1: every request a span)")
    a = p.parse_args()
    ensure_tools(("wrk", "wrk"), ("nginx", "nginx-light"))
    portico = build_portico()
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-ops-"))
    stop = threading.Event()
    servers = []
    try:
        sink_port = free_port()
        (tmp / "sink.conf").write_text(SINK_CONF.format(dir=tmp, port=sink_port))
        servers.append(Server(["nginx", "-c", str(tmp / "sink.conf")], sink_port, tmp / "sink.out"))
        site = ROOT / "site"
        # (label, port, metrics port or None)
        pids = {}
        # Two plain servers: "off again" against "off" is the noise floor
        # of this machine in this run (an A/A comparison), printed beside
        # the ratios it qualifies.
        configs = ([("off", free_port(), None), ("off again", free_port(), None)]
                   + [(f"on {r:g}", free_port(), free_port()) for r in a.sampler_ratio])
        for (label, port, metrics_port), ratio in zip(configs, [None, None] + a.sampler_ratio):
            argv = [str(portico), "serve", "--site", str(site), "--data", str(tmp / f"data-{port}"),
                    "--addr", f"127.0.0.1:{port}"]
            env = None
            if metrics_port:
                argv += ["--metrics-addr", f"127.0.0.1:{metrics_port}"]
                env = dict(os.environ,
                           OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{sink_port}",
                           OTEL_TRACES_SAMPLER="parentbased_traceidratio",
                           OTEL_TRACES_SAMPLER_ARG=str(ratio),
                           OTEL_BSP_SCHEDULE_DELAY="1000")
            servers.append(Server(argv, port, tmp / f"{port}.log", env=env))
            pids[label] = servers[-1].proc.pid
            wait_for_log(tmp / f"{port}.log", "every response is compressed")
            if metrics_port:
                threading.Thread(target=scraper, args=(metrics_port, stop), daemon=True).start()
        path = "/en/"
        for _, port, _ in configs:
            wrk(port, path, 2, True, a.connections)
        rounds = []
        for i in range(a.pairs):
            # Each round in another order, so none always runs first.
            order = configs[i % len(configs):] + configs[:i % len(configs)]
            got = {}
            for label, port, _ in order:
                before = cpu_seconds(pids[label])
                got[label] = wrk(port, path, a.seconds, True, a.connections)
                # CPU per request, the server's threads and the exporter's
                # alike: less sensitive to what else the machine runs than
                # throughput is.
                got[label]["cpu_us"] = (cpu_seconds(pids[label]) - before) / (got[label]["rps"] * a.seconds) * 1e6
            log(f"round {i + 1}: " + ", ".join(f"{label} {got[label]['rps']:.0f} req/s {got[label]['cpu_us']:.1f} µs"
                                              for label, _, _ in configs))
            rounds.append(got)
        time.sleep(2)
        labels = [label for label, _, _ in configs]
        print(f"## Metrics and traces on against off ({time.strftime('%Y-%m-%d')}, commit {commit()})\n")
        print(f"- machine: {machine()}")
        print(f"- command: `python3 bench/ops.py --seconds {a.seconds} --pairs {a.pairs} --sampler-ratio "
              f"{' '.join(f'{r:g}' for r in a.sampler_ratio)}`")
        print(f"- wrk -t2 -c{a.connections}, gzip, `{path}` of the demo site, {a.pairs} rounds, each in another "
              f"order; \"on R\": `--metrics-addr` scraped every 15 s and OTLP/HTTP export of the share R of "
              f"requests (`parentbased_traceidratio`) to a receiver on loopback\n")
        print("| round | " + " | ".join(f"{l} req/s" for l in labels) + " | "
              + " | ".join(f"{l} / off" for l in labels[1:]) + " |")
        print("| --- |" + " ---: |" * (2 * len(labels) - 1))
        for i, got in enumerate(rounds):
            print(f"| {i + 1} | " + " | ".join(f"{got[l]['rps']:.0f}" for l in labels) + " | "
                  + " | ".join(f"{got[l]['rps'] / got['off']['rps']:.3f}" for l in labels[1:]) + " |")
        print("| **median** | " + " | ".join(f"{median([g[l]['rps'] for g in rounds]):.0f}" for l in labels) + " | "
              + " | ".join(f"**{median([g[l]['rps'] / g['off']['rps'] for g in rounds]):.3f}**" for l in labels[1:])
              + " |\n")
        print("CPU time per request (the server process, all threads):\n")
        print("| round | " + " | ".join(f"{l} µs" for l in labels) + " | "
              + " | ".join(f"{l} / off" for l in labels[1:]) + " |")
        print("| --- |" + " ---: |" * (2 * len(labels) - 1))
        for i, got in enumerate(rounds):
            print(f"| {i + 1} | " + " | ".join(f"{got[l]['cpu_us']:.1f}" for l in labels) + " | "
                  + " | ".join(f"{got[l]['cpu_us'] / got['off']['cpu_us']:.3f}" for l in labels[1:]) + " |")
        print("| **median** | " + " | ".join(f"{median([g[l]['cpu_us'] for g in rounds]):.1f}" for l in labels)
              + " | " + " | ".join(f"**{median([g[l]['cpu_us'] / g['off']['cpu_us'] for g in rounds]):.3f}**"
                                   for l in labels[1:]) + " |\n")
        for label, _, metrics_port in configs[2:]:
            text = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
            print(f"- {label}: spans exported {counter(text, 'portico_trace_spans_exported_total'):.0f}, "
                  f"dropped by the bounded queue {counter(text, 'portico_trace_spans_dropped_total'):.0f}")
        print(f"- the receiver took {sink_stats(tmp)} exports")
    finally:
        stop.set()
        for s in reversed(servers):
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
