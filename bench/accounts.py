#!/usr/bin/env python3
"""The staff's side: what a password sign-in costs (Argon2id, m=19 MiB, t=2,
p=1, plus the session and audit writes), and what checking a session adds
to an admin request.

    python3 bench/accounts.py [--signins 15] [--seconds 10]

Starts `portico serve` on loopback with a fresh data folder, makes an
account with `portico user add`, signs in through its one-time link and
sets a password. Then:
- sign-in: N sequential `POST /admin/sign-in` with the right password
  (hash checked, session and audit entry written, both fsync'd) and N with
  an address no account has (the same hash work against a decoy, an audit
  entry for the failure); median and max wall time per request;
- the session check: `wrk -t1 -c1` on two requests that each answer a
  bare 303 without rendering a page — `GET /admin` (to `/admin/`, no
  session looked at) and `GET /admin/sign-in` with a valid session (to
  `/admin/` once the session is checked): the difference is the check's
  cost. Also `GET /admin/sign-in` with a well-formed cookie no session has
  (checked in the database every time: nothing to cache), and `GET
  /admin/` with the valid session (checked, then the page rendered), for
  scale.
Everything started is stopped.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import ROOT, Server, build_portico, commit, free_port, log, machine, parse_wrk

PASSWORD = "lagoon kettle orbit marmalade"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, data=None, cookie=None):
    headers = {"Sec-Fetch-Site": "same-origin"}
    if cookie:
        headers["Cookie"] = cookie
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def session_cookie(headers):
    for v in headers.get_all("Set-Cookie") or []:
        if v.startswith("__Host-portico_session=") and not v.startswith("__Host-portico_session=;"):
            return v.split(";", 1)[0]
    raise RuntimeError("no session cookie")


def wrk(url, seconds, cookie=None):
    args = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    return parse_wrk(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--signins", type=int, default=15)
    ap.add_argument("--seconds", type=int, default=10)
    a = ap.parse_args()
    portico = build_portico()
    tmp = Path(tempfile.mkdtemp(prefix="portico-bench-accounts-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        out = subprocess.run([str(portico), "user", "add", "bench@halcyon.example", "--role", "editor",
                              "--data", str(tmp / "data"), "--base-url", base],
                             capture_output=True, text=True, check=True).stdout
        link = out.strip().splitlines()[-1]
        server = Server([str(portico), "serve", "--data", str(tmp / "data"), "--addr", f"127.0.0.1:{port}"],
                        port, tmp / "portico.log")
        try:
            status, headers, _ = request(link, data={})
            cookie = session_cookie(headers)
            _, _, html = request(f"{base}/admin/account", cookie=cookie)
            csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
            status, headers, _ = request(f"{base}/admin/account/password", {"csrf": csrf, "password": PASSWORD},
                                         cookie)
            assert status == 303, status
            cookie = session_cookie(headers)

            def timed(email, password):
                t0 = time.perf_counter()
                status, _, _ = request(f"{base}/admin/sign-in", {"email": email, "password": password})
                return (time.perf_counter() - t0) * 1000, status

            right = [timed("bench@halcyon.example", PASSWORD) for _ in range(a.signins)]
            assert all(s == 303 for _, s in right), right
            # Unknown addresses: the network's count allows 20 failures an hour.
            wrong = [timed(f"nobody{i}@halcyon.example", PASSWORD) for i in range(min(a.signins, 15))]
            assert all(s == 422 for _, s in wrong), wrong

            unknown = "__Host-portico_session=ps_" + "0" * 64
            runs = [
                ("`GET /admin` (303, no session looked at)", f"{base}/admin", None),
                ("`GET /admin/sign-in`, valid session (303 once checked)", f"{base}/admin/sign-in", cookie),
                ("`GET /admin/sign-in`, unknown session (the page, after a database lookup)",
                 f"{base}/admin/sign-in", unknown),
                ("`GET /admin/`, valid session (checked, then the page rendered)", f"{base}/admin/", cookie),
            ]
            for _, url, c in runs:
                wrk(url, 2, c)
            results = [(name, wrk(url, a.seconds, c)) for name, url, c in runs]
        finally:
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def ms(rows):
        xs = [t for t, _ in rows]
        return f"{statistics.median(xs):.1f} ms median, {max(xs):.1f} ms max"

    print("## The staff's side: sign-in and session checks\n")
    print(f"- date: {time.strftime('%Y-%m-%d')}, commit {commit()}, machine: {machine()}")
    print(f"- command: `python3 bench/accounts.py --signins {a.signins} --seconds {a.seconds}`\n")
    print(f"- password sign-in, right password ({len(right)} in a row; Argon2id check, session and audit entry "
          f"written): {ms(right)}")
    print(f"- password sign-in, no such account ({len(wrong)}; the same hash work against a decoy, the failure "
          f"audited): {ms(wrong)}\n")
    print("| request, wrk -t1 -c1 | req/s | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, r in results:
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.3f} | {r['p99']:.3f} |")
    base_rps, checked_rps = results[0][1]["rps"], results[1][1]["rps"]
    print(f"\nThe session check: {1e6 * (1 / checked_rps - 1 / base_rps):.1f} µs per request "
          "(the difference of the first two rows' mean time per request).")


if __name__ == "__main__":
    main()
