# Throwaway PostgreSQL clusters for tests and benchmarks, with Debian's
# initdb/pg_ctl. Source this file; `pg_start` exports PG_URL (a superuser URL
# on loopback), `pg_stop` removes the cluster. Runs the server as the
# postgres user when called as root, as initdb refuses root.

pg_dir=""

runas_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  pg_dir=$(mktemp -d /tmp/styr-pg.XXXXXX)
  chmod 755 "$pg_dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; fi
  runas_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U styr -E UTF8 --locale=C.UTF-8 >/dev/null
  # A port below the range the system hands out for port 0 (32768 and up),
  # which the tests' servers use, so the two never meet; tried again on
  # another port should this one be taken.
  local port tries=0
  while :; do
    port=$(( 15000 + RANDOM % 15000 ))
    if runas_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 $*" start >/dev/null; then
      break
    fi
    tries=$((tries + 1))
    if [ $tries -ge 5 ]; then echo "PostgreSQL would not start: $pg_dir/log" >&2; cat "$pg_dir/log" >&2; return 1; fi
  done
  export PG_URL="postgres://styr@127.0.0.1:$port/postgres"
}

pg_stop() {
  if [ -n "$pg_dir" ]; then
    runas_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
