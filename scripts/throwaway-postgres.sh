# Sourced by scripts/test.sh and bench/run.sh: a throwaway PostgreSQL cluster in a temporary directory, on a
# free loopback port, with fsync, synchronous_commit and full_page_writes off (fast, and disposable).
#   start_throwaway_postgres DIR   installs the postgresql package when missing (root or sudo), starts the
#                                  cluster in DIR/data; sets PG_BIN and PG_PORT
#   stop_throwaway_postgres DIR    stops it (immediate mode); safe to call when it is not running

pg_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# initdb and postgres refuse to run as root: use the postgres account the package created.
pg_run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_throwaway_postgres() {
  local dir=$1
  if [ -z "$(pg_find_bin)" ] || [ ! -x "$(pg_find_bin)/initdb" ]; then
    printf '[postgres] installing the postgresql package\n' >&2
    pg_as_root apt-get update -qq
    pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN=$(pg_find_bin)
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  pg_run "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    PG_PORT=$(( 20000 + RANDOM % 30000 ))
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 start >/dev/null 2>&1; then
      printf '[postgres] PostgreSQL %s on 127.0.0.1:%s (throwaway cluster)\n' "$("$PG_BIN/postgres" --version | awk '{print $3}')" "$PG_PORT" >&2
      return 0
    fi
    printf '[postgres] port %s was taken; trying another\n' "$PG_PORT" >&2
  done
  cat "$dir/postgres.log" >&2
  return 1
}

stop_throwaway_postgres() {
  local dir=$1
  if [ -n "${PG_BIN:-}" ] && [ -f "$dir/data/postmaster.pid" ]; then
    pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
