#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 for the test suite, on loopback, as the `postgres` user
# (the server refuses to run as root), in a fresh temp directory.
#   infra/postgres/temp-server.sh start   -> prints FLEET_TEST_POSTGRES=<connection string>
#   infra/postgres/temp-server.sh stop <dir>
# fsync is off (tests need no durability across a power cut); FLEET_TEST_PG_FSYNC=on turns it on (infra/bench.sh).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-start}

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port=${FLEET_TEST_PG_PORT:-$(( 40000 + RANDOM % 20000 ))}
    dir=$(mktemp -d /tmp/fleet-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    run_as_postgres "$PGBIN/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    run_as_postgres "$PGBIN/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${FLEET_TEST_PG_FSYNC:-off}" start >/dev/null
    # A role and a database it owns: PostgreSQL 15 restricts CREATE on `public` otherwise.
    run_as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE ROLE fleet LOGIN PASSWORD 'fleet';" >/dev/null
    run_as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE fleet OWNER fleet;" >/dev/null
    echo "FLEET_TEST_PG_DIR='$dir'"
    echo "FLEET_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=fleet;Username=fleet;Password=fleet'"
    ;;
  stop)
    dir=${2:?usage: stop <dir>}
    run_as_postgres "$PGBIN/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop <dir>" >&2; exit 2 ;;
esac
