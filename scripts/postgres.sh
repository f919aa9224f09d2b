#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the tests and benchmarks:
# Debian's `postgresql` binaries (initdb, pg_ctl), a folder of its own,
# trust authentication for the user `portico`, no service touched.
#
#   scripts/postgres.sh start DIR   starts one in DIR (or the one already
#                                   there, on its port), prints its URL
#   scripts/postgres.sh stop DIR    stops it (DIR is left for the caller)
set -euo pipefail
cmd=${1:?start or stop} dir=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "postgresql is not installed (apt-get install postgresql)" >&2; exit 1; }
# initdb refuses to run as root: then the cluster belongs to `postgres`.
as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi
case $cmd in
start)
  mkdir -p "$dir"
  [[ ${#as_owner[@]} -eq 0 ]] || chown postgres "$dir"
  if [[ -f $dir/port ]]; then
    port=$(<"$dir/port")
  else
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U portico --auth=trust -E UTF8 --no-locale >"$dir/initdb.log"
    echo "$port" >"$dir/port"
  fi
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  echo "postgres://portico@127.0.0.1:$port/postgres"
  ;;
stop)
  [[ -f $dir/data/postmaster.pid ]] || exit 0
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
