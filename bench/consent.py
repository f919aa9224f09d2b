#!/usr/bin/env python3
"""Consent-record benchmark: durable records per second through group
commit, at several numbers of concurrent callers.

    python3 bench/consent.py [--records 20000] [--concurrency 1 16 64 256] [--runs 3]

Runs the release binary's hidden `portico consent bench`, each run on a
fresh data directory. A record counts once `record()` has returned, that is
once its transaction is committed with WAL and synchronous=FULL (fsync).
Concurrency 1 is the baseline without grouping: one commit per record.

The data directories are made next to the checkout, on the real disk, never
on tmpfs (/tmp or /dev/shm may be tmpfs): fsync on tmpfs returns at once,
so durable records per second there would mean nothing. The script measures
the disk's sync latency too, since that bounds commits per second.
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, build_portico, commit, log, machine, median

SUMMARY = re.compile(r"^bench: (\d+) records, concurrency (\d+), ([\d.]+) s, (\d+) records/s$", re.M)


def filesystem(path):
    return subprocess.run(["findmnt", "-n", "-o", "FSTYPE", "--target", str(path)], capture_output=True,
                          text=True, check=True).stdout.strip()


def sync_latency_us(dir_, n=200):
    """Median time of overwriting 4 KiB in place and fdatasync (what a
    commit to a WAL file that has reached its size costs), in µs."""
    path = Path(dir_) / "sync-probe"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    times = []
    try:
        os.pwrite(fd, b"\0" * 4096, 0)
        os.fsync(fd)
        for i in range(n):
            t = time.perf_counter()
            os.pwrite(fd, bytes([i % 256]) * 4096, 0)
            os.fdatasync(fd)
            times.append((time.perf_counter() - t) * 1e6)
    finally:
        os.close(fd)
        path.unlink()
    return median(times)


def run(portico, data, records, concurrency):
    out = subprocess.run([str(portico), "consent", "--data", str(data), "bench", "--records", str(records),
                          "--concurrency", str(concurrency)], capture_output=True, text=True, timeout=600,
                         check=True).stdout
    m = SUMMARY.search(out)
    if not m:
        raise RuntimeError(f"no summary line in: {out!r}")
    verify = subprocess.run([str(portico), "consent", "--data", str(data), "verify"], capture_output=True,
                            text=True, timeout=600)
    if verify.returncode != 0:
        raise RuntimeError(f"the chain does not verify after the run: {verify.stdout}{verify.stderr}")
    return int(m.group(1)), float(m.group(3)), float(m.group(4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64, 256])
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    portico = build_portico()
    work = Path(tempfile.mkdtemp(prefix="portico-bench-consent-", dir=ROOT.parent))
    fs = filesystem(work)
    if fs in ("tmpfs", "ramfs"):
        shutil.rmtree(work)
        raise SystemExit(f"{work} is on {fs}: durable writes there mean nothing; move the checkout to a disk")
    rows = []
    try:
        sync_us = sync_latency_us(work)
        log(f"data directories under {work} ({fs}); 4 KiB overwrite + fdatasync: {sync_us:.0f} µs")
        for c in a.concurrency:
            # The unbatched baseline is slow by design: fewer records keep it bounded.
            records = a.records if c > 1 else min(a.records, 5000)
            rates = []
            for i in range(a.runs):
                data = work / f"c{c}-run{i}"
                n, secs, rate = run(portico, data, records, c)
                shutil.rmtree(data)
                log(f"concurrency {c} run {i + 1}: {n} records in {secs:.2f} s, {rate:,.0f} records/s")
                rates.append(rate)
            rows.append((c, records, rates))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = median(rows[0][2]) if rows and rows[0][0] == 1 else None
    print("## Consent records: durable records per second (group commit)\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/consent.py --records {a.records} --concurrency "
          f"{' '.join(map(str, a.concurrency))} --runs {a.runs}`")
    print(f"- data directory on {fs} next to the checkout (not tmpfs); SQLite WAL, synchronous=FULL; "
          f"4 KiB overwrite + fdatasync on this disk: {sync_us:.0f} µs (median of 200)")
    print("- each run: a fresh data directory, `portico consent bench` (release build), then `consent verify`\n")
    print("| concurrent callers | records per run | records/s (median) | runs | × concurrency 1 |")
    print("| ---: | ---: | ---: | --- | ---: |")
    for c, records, rates in rows:
        ratio = f"{median(rates) / base:.1f}" if base else "—"
        print(f"| {c} | {records:,} | {median(rates):,.0f} | {', '.join(f'{r:,.0f}' for r in rates)} | {ratio} |")


if __name__ == "__main__":
    main()
