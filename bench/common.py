"""Shared helpers of the benchmark drivers: installing the public tools,
running bounded commands, starting and stopping servers on loopback."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# No load balancer watches a benchmark's servers: they stop at once on
# SIGTERM instead of draining for the default delay.
os.environ.setdefault("PORTICO_DRAIN_SECONDS", "0")


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def ensure_tools(*packages):
    """Installs Debian packages whose command is missing: {command: package}."""
    missing = [pkg for cmd, pkg in packages if shutil.which(cmd) is None and not Path(cmd).exists()]
    if missing:
        log(f"installing {' '.join(missing)}")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def build_portico():
    log("cargo build --release")
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True, timeout=1800)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "portico"


def generate(pages, out, seed=42):
    """The synthetic site, as Portico and Hugo sites, cached by size and seed."""
    marker = out / f".generated-{pages}-{seed}"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        log(f"generating {pages} pages per locale into {out}")
        subprocess.run([sys.executable, str(ROOT / "bench/gen/gen_site.py"), "--pages", str(pages),
                        "--seed", str(seed), "--out", str(out)], check=True, timeout=900)
        marker.touch()
    return out / "portico", out / "hugo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return time.monotonic()
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class Server:
    """A server process started for a benchmark and always stopped."""

    def __init__(self, argv, port, log_path, env=None):
        self.port = port
        self.log = open(log_path, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        self.ready_after = wait_for_port(port) - self.started

    def rss_kb(self):
        """Resident memory of the process group's processes, in KiB."""
        total = 0
        for pid in self._pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def _pids(self):
        out = subprocess.run(["pgrep", "-g", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()] or [self.proc.pid]

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(text):
    """req/s, p50 ms, p99 ms and non-2xx count from `wrk --latency` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(m.group(1)) * _UNITS[m.group(2)]

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(non2xx.group(1)) if non2xx else 0}


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores, {cpu}"


def commit():
    r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() or "unknown"
