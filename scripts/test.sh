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
