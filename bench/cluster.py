#!/usr/bin/env python3
"""Several nodes on one PostgreSQL database, against one node on SQLite
(the anchor), in one run:

1. consent records/s: `portico consent bench` on PostgreSQL and on SQLite,
   same records and concurrency, alternating runs, each on a fresh store;
2. revision saves/s through the content API: one `portico serve` on SQLite
   and one on PostgreSQL, side by side, N client threads each saving drafts
   of its own item (PUT with If-Match, the next one with the ETag of the
   last answer) for a fixed time, in alternating rounds;
3. publish → served on every node: three nodes on one database; each trial
   saves, approves and publishes a unique marker through node 1, then polls
   the item's public page on every node (every 10 ms) until it shows the
   marker (the other nodes hear of it through LISTEN/NOTIFY);
4. `/en/` (gzip, wrk -t2 -c64) through HAProxy in front of the three nodes
   against node 1 directly, in alternating rounds.

    python3 bench/cluster.py [--records 20000] [--concurrency 64] [--runs 3]
        [--clients 8] [--seconds 10] [--trials 20] [--wrk-seconds 10] [--pairs 3]

The PostgreSQL cluster (`scripts/postgres.sh`), the nodes' data folders and
logs live in one temporary folder next to the checkout, on the real disk
(never tmpfs: a sync there costs nothing). Loopback only; every wait is
bounded; everything started is stopped, and the folder removed (--keep
leaves it, with the nodes' logs). The Markdown section goes to stdout,
progress to stderr.
"""

import argparse
import glob
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, Server, build_portico, commit, ensure_tools, free_port, log, machine, median
from serve import wait_for_log, wrk

SUMMARY = re.compile(r"^bench: (\d+) records, concurrency (\d+), ([\d.]+) s, (\d+) records/s$", re.M)
EMAIL = "bench@halcyon.example"

HAPROXY_CFG = """
global
  maxconn 4096

defaults
  mode http
  maxconn 4096
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout check 2s

frontend www
  bind 127.0.0.1:{port}
  default_backend nodes

backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 check
{servers}

listen stats
  bind 127.0.0.1:{stats_port}
  stats enable
  stats uri /stats
"""


def run(argv, timeout=600, **kw):
    """A bounded command; its stdout (stderr kept in the error)."""
    r = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=timeout, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {r.returncode}: {r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r.stdout


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(servers, timeout=180, below=0.10):
    """Until the nodes together use less than `below` of a core over a
    second: the rebuilds and compression a publication sets off are over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = sum(cpu_seconds(s.proc.pid) for s in servers)
        time.sleep(1)
        if sum(cpu_seconds(s.proc.pid) for s in servers) - before < below:
            return True
    log(f"the nodes were still busy after {timeout}s")
    return False


def request(port, method, path, headers=None, body=None, timeout=30, conn=None):
    """One request: (status, headers as a dict with lower-case names, body)."""
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode(errors="replace")
    finally:
        if own:
            c.close()


def wait_ready(port, timeout=300):
    """GET /readyz until 200 (the node has built the site)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/readyz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"127.0.0.1:{port}/readyz not 200 after {timeout}s")


def start_node(portico, name, tmp, site, store_args):
    port = free_port()
    argv = [str(portico), "serve", "--site", str(site), "--data", str(tmp / f"{name}-data"),
            "--addr", f"127.0.0.1:{port}", *store_args]
    t0 = time.monotonic()
    node = Server(argv, port, tmp / f"{name}.log")
    node.name = name
    wait_ready(port)
    log(f"{name} ready on :{port} after {time.monotonic() - t0:.1f}s; waiting for its background compression")
    wait_for_log(tmp / f"{name}.log", "every response is compressed", timeout=300)
    return node


def token(portico, store_args):
    run([portico, "user", "add", EMAIL, "--role", "publisher", *store_args])
    out = run([portico, "token", "create", EMAIL, "--name", "bench", *store_args])
    return re.findall(r"portico_[0-9a-f]+", out)[-1]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


# 1. Consent records.

def consent_run(portico, store_args, records, concurrency):
    out = run([portico, "consent", "bench", "--records", records, "--concurrency", concurrency, *store_args],
              timeout=600)
    m = SUMMARY.search(out)
    if not m:
        raise RuntimeError(f"no summary line in: {out!r}")
    run([portico, "consent", "verify", *store_args], timeout=600)
    return float(m.group(4))


def consent(portico, tmp, pg, a):
    rates = {"sqlite": [], "pg": []}
    for i in range(a.runs):
        for kind in (("sqlite", "pg") if i % 2 == 0 else ("pg", "sqlite")):
            if kind == "sqlite":
                args = ["--data", tmp / f"consent-sqlite-{i}"]
            else:
                url = new_database(pg, f"consent_{i}")
                run([portico, "db", "migrate", "--database", url])
                args = ["--database", url]
            rates[kind].append(consent_run(portico, args, a.records, a.concurrency))
        log(f"consent run {i + 1}: SQLite {rates['sqlite'][-1]:,.0f}, PostgreSQL {rates['pg'][-1]:,.0f} records/s")
    return rates


def new_database(pg, name):
    run(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{pg}/postgres", "-c", f"CREATE DATABASE {name}"], timeout=60)
    return f"{pg}/{name}"


# 2. Revision saves.

def save_keys(site, n, exclude):
    """`n` content items of the demo's English pages, one per client."""
    keys = []
    for f in sorted((site / "content" / "en").rglob("*.md")):
        key = f.relative_to(site / "content" / "en").with_suffix("").as_posix()
        if f.name != "_index.md" and key != exclude:
            keys.append(key)
    if len(keys) < n:
        raise SystemExit(f"only {len(keys)} items for {n} clients")
    step = len(keys) // n
    return keys[::step][:n]


def saver(port, tok, key, seconds, stats, lock, start):
    """Saves drafts of one item for `seconds`: each PUT with the ETag the
    last answer gave. A stale one (412) takes a fresh GET."""
    auth = {"Authorization": f"Bearer {tok}"}
    path = f"/api/content/v1/items/en/{key}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    ok, other, lat = 0, {}, []
    try:
        status, headers, body = request(port, "GET", path, auth, conn=conn)
        assert status == 200, (status, body[:300])
        text, etag = json.loads(body)["text"], headers["etag"]
        start.wait()
        end = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < end:
            n += 1
            draft = f"{text.rstrip()}\n\nDraft {n} of a save benchmark at {time.time():.6f}.\n"
            t0 = time.perf_counter()
            try:
                status, headers, body = request(port, "PUT", path, {**auth, "If-Match": etag}, {"text": draft},
                                                conn=conn)
            except (OSError, http.client.HTTPException) as e:
                other[type(e).__name__] = other.get(type(e).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            if status == 200:
                lat.append(time.perf_counter() - t0)
                ok += 1
                etag = headers["etag"]
            else:
                other[status] = other.get(status, 0) + 1
                if status in (409, 412):
                    status, headers, body = request(port, "GET", path, auth, conn=conn)
                    etag = headers.get("etag", etag)
    finally:
        conn.close()
    with lock:
        stats["ok"] += ok
        stats["lat"] += lat
        for k, v in other.items():
            stats["other"][k] = stats["other"].get(k, 0) + v


def saves(port, tok, keys, seconds):
    stats = {"ok": 0, "lat": [], "other": {}}
    lock, start = threading.Lock(), threading.Event()
    threads = [threading.Thread(target=saver, args=(port, tok, k, seconds, stats, lock, start), daemon=True)
               for k in keys]
    for t in threads:
        t.start()
    time.sleep(0.5)
    t0 = time.perf_counter()
    start.set()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - t0
    stats["rate"] = stats["ok"] / elapsed
    return stats


# 3. Publish → served on every node.

def poll_page(port, page, marker, t0, timeout, out, i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        while time.perf_counter() - t0 < timeout:
            try:
                status, _, body = request(port, "GET", page, conn=conn)
                if status == 200 and marker in body:
                    out[i] = time.perf_counter() - t0
                    return
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            time.sleep(0.01)
    finally:
        conn.close()


def publish_trials(nodes, tok, key, trials, gap, timeout):
    auth = {"Authorization": f"Bearer {tok}"}
    first = nodes[0].port
    path, page = f"/api/content/v1/items/en/{key}", f"/en/{key}/"
    run_id = f"{time.time():.0f}"
    rows, publish_ms = [], []
    for k in range(trials):
        status, headers, body = request(first, "GET", path, auth)
        assert status == 200, (status, body[:300])
        text = json.loads(body)["text"]
        # Once per trial, the previous marker replaced: the page's size stays.
        text = re.sub(r"\n\nClustermarker\w+\.\n$", "\n", text)
        marker = f"Clustermarker{run_id}x{k}"
        status, headers, body = request(first, "PUT", path, {**auth, "If-Match": headers["etag"]},
                                        {"text": f"{text.rstrip()}\n\n{marker}.\n"})
        assert status == 200, (status, body[:300])
        revision = json.loads(body)["revision"]
        status, _, body = request(first, "POST", f"{path}/approve", auth, {"revision": revision})
        assert status == 200, (status, body[:300])
        t_pub = time.perf_counter()
        status, _, body = request(first, "POST", f"{path}/publish", auth, {"revision": revision})
        t0 = time.perf_counter()
        assert status == 200, (status, body[:300])
        publish_ms.append((t0 - t_pub) * 1000)
        seen = [None] * len(nodes)
        pollers = [threading.Thread(target=poll_page, args=(n.port, page, marker, t0, timeout, seen, i), daemon=True)
                   for i, n in enumerate(nodes)]
        for p in pollers:
            p.start()
        for p in pollers:
            p.join(timeout=timeout + 15)
        log(f"trial {k + 1}: publish {publish_ms[-1]:.0f} ms; served after "
            + ", ".join("missed" if s is None else f"{s * 1000:.0f} ms" for s in seen))
        rows.append(seen)
        time.sleep(gap)
    return rows, publish_ms


# 4. HAProxy.

def haproxy_stats(stats_port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=5).read().decode()
    lines = text.lstrip("# ").splitlines()
    head = lines[0].split(",")
    rows = [dict(zip(head, line.split(","))) for line in lines[1:] if line]
    return {r["svname"]: r for r in rows if r["pxname"] == "nodes" and r["svname"] not in ("BACKEND", "FRONTEND")}


def wait_all_up(stats_port, n, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            st = haproxy_stats(stats_port)
            if len(st) == n and all(r["status"] == "UP" for r in st.values()):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"HAProxy does not see {n} nodes UP after {timeout}s")


def node_log_problems(path):
    """WARN and ERROR lines of a node's JSON log: (count, distinct messages)."""
    count, seen = 0, {}
    for line in path.read_text(errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            if "WARN" in line or "ERROR" in line or "panic" in line:
                count += 1
                seen.setdefault(line[:200], 0)
            continue
        if rec.get("level") in ("WARN", "ERROR"):
            count += 1
            msg = f"{rec['level']} {rec.get('message', '')}"
            seen[msg] = seen.get(msg, 0) + 1
    return count, seen


def pg_log_problems(path):
    """PostgreSQL's log lines above LOG (WARNING, ERROR, FATAL, PANIC), and
    connections a client dropped without closing them, by kind."""
    seen = {}
    for line in path.read_text(errors="replace").splitlines():
        m = re.search(r"\b(WARNING|ERROR|FATAL|PANIC):\s+(.*)", line)
        if m:
            key = f"{m.group(1)} {re.sub(r'[0-9]+', 'N', m.group(2))[:120]}"
        elif "could not receive data from client" in line or "unexpected EOF on client connection" in line:
            key = "LOG " + line.split("LOG:", 1)[-1].strip()
        else:
            continue
        seen[key] = seen.get(key, 0) + 1
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=20000, help="consent records per run")
    ap.add_argument("--concurrency", type=int, default=64, help="concurrent consent callers")
    ap.add_argument("--runs", type=int, default=3, help="consent runs per store")
    ap.add_argument("--clients", type=int, default=8, help="client threads saving drafts, each its own item")
    ap.add_argument("--seconds", type=int, default=10, help="length of a round of saves")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of saves per store")
    ap.add_argument("--trials", type=int, default=20, help="publications through node 1")
    ap.add_argument("--gap", type=float, default=2.0, help="seconds between publications")
    ap.add_argument("--item", default="about/values", help="the item published (an English key of the demo site)")
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--pairs", type=int, default=3, help="alternating rounds of wrk, direct and through HAProxy")
    ap.add_argument("--keep", action="store_true", help="leave the temporary folder (logs, data) behind")
    a = ap.parse_args()
    # Debian keeps initdb off PATH, under the server's version.
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or ["initdb"]
    ensure_tools(("wrk", "wrk"), ("haproxy", "haproxy"), (initdb[-1], "postgresql"))
    portico = build_portico()
    built = commit()
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-cluster-", dir=ROOT.parent))
    tmp.chmod(0o755)
    log(f"working in {tmp}")
    site = tmp / "site"
    shutil.copytree(ROOT / "site", site)
    pgdir = tmp / "pg"
    servers, results, pg = [], {}, None
    try:
        pg = run([ROOT / "scripts/postgres.sh", "start", pgdir], timeout=120).strip().splitlines()[-1]
        pg = pg.rsplit("/", 1)[0]
        log(f"PostgreSQL at {pg}")
        results["pg_version"] = run(["psql", "-tA", f"{pg}/postgres", "-c", "SHOW server_version"]).strip()
        results["pg_sync"] = run(["psql", "-tA", f"{pg}/postgres", "-c",
                                  "SELECT current_setting('fsync') || ', synchronous_commit=' "
                                  "|| current_setting('synchronous_commit')"]).strip()
        results["fs"] = run(["findmnt", "-n", "-o", "FSTYPE", "--target", tmp]).strip()

        # 1. Consent records/s.
        results["consent"] = consent(portico, tmp, pg, a)

        # 2. Revision saves/s: a node on SQLite and node 1 on PostgreSQL.
        cluster_db = new_database(pg, "cluster")
        run([portico, "db", "migrate", "--database", cluster_db])
        pg_args = ["--database", cluster_db]
        sqlite_args = ["--data", tmp / "sqlite-data"]
        tokens = {"sqlite": token(portico, sqlite_args), "pg": token(portico, pg_args)}
        sqlite_node = start_node(portico, "sqlite", tmp, site, [])
        servers.append(sqlite_node)
        node1 = start_node(portico, "node1", tmp, site, pg_args)
        servers.append(node1)
        keys = save_keys(site, a.clients, a.item)
        ports = {"sqlite": sqlite_node.port, "pg": node1.port}
        for kind in ("sqlite", "pg"):
            saves(ports[kind], tokens[kind], keys, 2)
        save_rounds = []
        for i in range(a.rounds):
            got = {}
            for kind in (("sqlite", "pg") if i % 2 == 0 else ("pg", "sqlite")):
                got[kind] = saves(ports[kind], tokens[kind], keys, a.seconds)
            log(f"saves round {i + 1}: SQLite {got['sqlite']['rate']:.0f}/s, PostgreSQL {got['pg']['rate']:.0f}/s; "
                f"other answers {got['sqlite']['other']} / {got['pg']['other']}")
            save_rounds.append(got)
        results["saves"] = save_rounds
        sqlite_node.stop()
        servers.remove(sqlite_node)
        results["sqlite_log"] = node_log_problems(tmp / "sqlite.log")

        # 3. Three nodes on the database: publish → served on each.
        nodes = [node1]
        for name in ("node2", "node3"):
            node = start_node(portico, name, tmp, site, pg_args)
            servers.append(node)
            nodes.append(node)
        rows, publish_ms = publish_trials(nodes, tokens["pg"], a.item, a.trials, a.gap, timeout=30)
        results["publish"], results["publish_ms"] = rows, publish_ms

        # 4. /en/ through HAProxy against node 1 directly.
        log("waiting for the nodes' rebuilds and compression to end")
        results["idle"] = wait_idle(nodes)
        port, stats_port = free_port(), free_port()
        cfg = tmp / "haproxy.cfg"
        cfg.write_text(HAPROXY_CFG.format(port=port, stats_port=stats_port, servers="\n".join(
            f"  server {n.name} 127.0.0.1:{n.port}" for n in nodes)))
        run(["haproxy", "-c", "-q", "-f", cfg], timeout=30)
        proxy = Server(["haproxy", "-f", str(cfg), "-db"], port, tmp / "haproxy.log")
        servers.append(proxy)
        wait_all_up(stats_port, len(nodes))
        for p in (node1.port, port):
            wrk(p, "/en/", 2, True, 64)
        pairs = []
        for i in range(a.pairs):
            got = {}
            for label, p in ((("direct", node1.port), ("haproxy", port)) if i % 2 == 0
                             else (("haproxy", port), ("direct", node1.port))):
                got[label] = wrk(p, "/en/", a.wrk_seconds, True, 64)
            log(f"wrk pair {i + 1}: node 1 {got['direct']['rps']:.0f} req/s, HAProxy {got['haproxy']['rps']:.0f} req/s")
            pairs.append(got)
        results["wrk"] = pairs
        results["haproxy_stats"] = {k: (v["stot"], v["status"]) for k, v in haproxy_stats(stats_port).items()}
        for n in nodes:
            results[f"{n.name}_log"] = node_log_problems(tmp / f"{n.name}.log")
    finally:
        try:
            results["pg_log"] = pg_log_problems(pgdir / "server.log")
        except OSError:
            pass
        for s in reversed(servers):
            s.stop()
        if pg is not None or pgdir.exists():
            subprocess.run([str(ROOT / "scripts/postgres.sh"), "stop", str(pgdir)], timeout=120)
        if a.keep:
            log(f"left {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    report(a, results, built)


def rates(xs):
    return ", ".join(f"{x:,.0f}" for x in xs)


def report(a, r, built):
    cmd = (f"python3 bench/cluster.py --records {a.records} --concurrency {a.concurrency} --runs {a.runs} "
           f"--clients {a.clients} --seconds {a.seconds} --rounds {a.rounds} --trials {a.trials} "
           f"--wrk-seconds {a.wrk_seconds} --pairs {a.pairs}")
    print("## A cluster: three nodes on PostgreSQL against one node on SQLite\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {built}, machine: {machine()}")
    print(f"- command: `{cmd}`")
    print(f"- PostgreSQL {r['pg_version']} (`scripts/postgres.sh`: fsync {r['pg_sync']}), on the same machine; "
          f"SQLite WAL, synchronous=FULL; both stores on {r['fs']} next to the checkout")
    print("- the demo site (a copy of `site/`); every node, the database, the clients, wrk and HAProxy share "
          "the machine's cores\n")

    print("| measure | SQLite | PostgreSQL | PostgreSQL / SQLite | runs (SQLite; PostgreSQL) |")
    print("| --- | ---: | ---: | ---: | --- |")
    c = r["consent"]
    ratios = [p / s for s, p in zip(c["sqlite"], c["pg"])]
    print(f"| consent records/s, {a.records:,} records, {a.concurrency} concurrent callers (`portico consent bench`, "
          f"median of {a.runs}) | {median(c['sqlite']):,.0f} | {median(c['pg']):,.0f} | **{median(ratios):.2f}** | "
          f"{rates(c['sqlite'])}; {rates(c['pg'])} |")
    sv = r["saves"]
    ratios = [g["pg"]["rate"] / g["sqlite"]["rate"] for g in sv]
    print(f"| revision saves/s through the content API, {a.clients} clients each on its own item, {a.seconds} s "
          f"rounds (median of {a.rounds}) | {median([g['sqlite']['rate'] for g in sv]):,.0f} | "
          f"{median([g['pg']['rate'] for g in sv]):,.0f} | **{median(ratios):.2f}** | "
          f"{rates(g['sqlite']['rate'] for g in sv)}; {rates(g['pg']['rate'] for g in sv)} |")
    lat = {k: [x for g in sv for x in g[k]["lat"]] for k in ("sqlite", "pg")}
    print(f"| a save's latency under that load, p50 / p99 ms | {median(lat['sqlite']) * 1000:.1f} / "
          f"{pct(lat['sqlite'], 99) * 1000:.1f} | {median(lat['pg']) * 1000:.1f} / {pct(lat['pg'], 99) * 1000:.1f} "
          f"| {median(lat['pg']) / median(lat['sqlite']):.2f} (p50) | |")
    print()
    other = {k: {} for k in ("sqlite", "pg")}
    for g in sv:
        for k in other:
            for s, n in g[k]["other"].items():
                other[k][s] = other[k].get(s, 0) + n
    if any(other.values()):
        print(f"- saves answered other than 200: SQLite {other['sqlite'] or 'none'}, "
              f"PostgreSQL {other['pg'] or 'none'}\n")

    rows = r["publish"]
    print(f"### Publish through node 1 → the page served by each node ({len(rows)} trials)\n")
    print(f"- `{a.item}` saved, approved and published through node 1's content API; the clock starts at the "
          f"publish's 200; each node's `/en/{a.item}/` polled every 10 ms until it shows the trial's marker "
          f"(30 s at most); {a.gap:g} s between trials. Publish request itself: p50 "
          f"{median(r['publish_ms']):.0f} ms, max {max(r['publish_ms']):.0f} ms\n")
    print("| node | p50 ms | p99 ms | max ms | missed |")
    print("| --- | ---: | ---: | ---: | ---: |")
    names = ["node 1 (published)", "node 2", "node 3"]
    cols = [[row[i] for row in rows] for i in range(3)]
    cols.append([None if any(x is None for x in row) else max(row) for row in rows])
    for name, col in zip(names + ["all three"], cols):
        got = [x * 1000 for x in col if x is not None]
        missed = len(col) - len(got)
        if got:
            print(f"| {name} | {median(got):.0f} | {pct(got, 99):.0f} | {max(got):.0f} | {missed} |")
        else:
            print(f"| {name} | — | — | — | {missed} |")
    print()

    pairs = r["wrk"]
    print(f"### `/en/` through HAProxy (round robin over the three nodes) against node 1 directly\n")
    print(f"- wrk -t2 -c64, gzip, {a.wrk_seconds} s per run, {a.pairs} pairs alternating which goes first; "
          f"measured once the nodes were idle after the publications"
          f"{'' if r['idle'] else ' (they were not idle after 180 s: measured anyway)'}\n")
    print("| pair | node 1 req/s | HAProxy req/s | HAProxy / node 1 | node 1 p99 ms | HAProxy p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for i, g in enumerate(pairs):
        d, h = g["direct"], g["haproxy"]
        print(f"| {i + 1} | {d['rps']:,.0f} | {h['rps']:,.0f} | {h['rps'] / d['rps']:.2f} | {d['p99']:.2f} | "
              f"{h['p99']:.2f} |")
    print(f"| **median** | {median([g['direct']['rps'] for g in pairs]):,.0f} | "
          f"{median([g['haproxy']['rps'] for g in pairs]):,.0f} | "
          f"**{median([g['haproxy']['rps'] / g['direct']['rps'] for g in pairs]):.2f}** | "
          f"{median([g['direct']['p99'] for g in pairs]):.2f} | {median([g['haproxy']['p99'] for g in pairs]):.2f} |\n")
    non2xx = sum(g[k]["non2xx"] for g in pairs for k in g)
    if non2xx:
        print(f"- warning: {non2xx} non-2xx/3xx answers during the wrk runs\n")
    print("- requests HAProxy sent each node (health checks aside): "
          + ", ".join(f"{k} {v[0]} ({v[1]})" for k, v in r["haproxy_stats"].items()))
    logs = [("SQLite node", r["sqlite_log"])] + [(f"node {i}", r[f"node{i}_log"]) for i in (1, 2, 3)]
    print("- warnings and errors in the nodes' logs: " + "; ".join(
        f"{name} {n}" + (f" ({', '.join(f'{m} ×{c}' for m, c in seen.items())})" if n else "")
        for name, (n, seen) in logs))
    pg = r.get("pg_log", {})
    print("- PostgreSQL's log, above LOG level and dropped client connections: "
          + (", ".join(f"{m} ×{c}" for m, c in pg.items()) if pg else "none"))


if __name__ == "__main__":
    main()
