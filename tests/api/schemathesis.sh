#!/usr/bin/env bash
# The HTTP APIs against their own OpenAPI documents, with schemathesis (PyPI):
# every check (server errors, status codes, content types, headers, response
# schemas, invalid input rejected, valid input accepted, undocumented
# methods), 0 failures — the search API, then the content API with an
# administrator's token (tests/api/content-api.toml lists the statuses that
# depend on the content's state). Starts `portico serve` on a free loopback
# port with a throwaway data folder, waits for the search index, and stops it
# at the end.
#
#   tests/api/schemathesis.sh            (PORTICO_BIN names the binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${PORTICO_BIN:-target/debug/portico}"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# An administrator and a token for the content API, before the server opens
# the folder.
"$bin" user add api@halcyon.example --role admin --data "$data" >/dev/null
token="$("$bin" token create api@halcyon.example --name schemathesis --data "$data" | tail -n 1)"
[[ $token == portico_* ]] || { echo "no token: $token"; exit 1; }
"$bin" serve --site site --addr "127.0.0.1:$port" --data "$data" >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
origin="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  status="$(curl -s -o /dev/null -w '%{http_code}' "$origin/api/search?q=x" || true)"
  [[ $status == 200 ]] && break
  sleep 0.5
done
[[ $status == 200 ]] || { echo "the server's search never became ready (last: $status)"; cat "$data/serve.log"; exit 1; }
${SCHEMATHESIS:-st} run "$origin/api/openapi.json" --url "$origin" --checks all --max-examples 200 --workers 1
${SCHEMATHESIS:-st} --config-file tests/api/content-api.toml run "$origin/api/content/v1/openapi.json" --url "$origin" \
  --checks all --max-examples 60 --workers 1 -H "Authorization: Bearer $token"
