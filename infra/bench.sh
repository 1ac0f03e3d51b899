#!/usr/bin/env bash
# Fleet's benchmark (docs/benchmarks.md): builds Release, starts Fleet.Server (Production settings,
# free loopback ports, a temp data dir, an admin key via Fleet__Admin__ApiKey) next to a minimal
# Kestrel HTTPS "hello" baseline, imports N terminals and runs the scenarios, printing a markdown
# table of fleet / baseline ratios. Everything it starts it stops again, also on Ctrl+C.
#
#   bash infra/bench.sh                                   # SQLite, 10,000 terminals, every scenario
#   bash infra/bench.sh --terminals 100000 --out before.md
#   bash infra/bench.sh --storage postgres                # a throw-away PostgreSQL 15 (fsync on)
#   bash infra/bench.sh --scenarios heartbeats,health     # import always runs first (it seeds)
#   bash infra/bench.sh --smoke                           # tiny and quick: the CI smoke run
#
# Options: --terminals N, --storage sqlite|postgres, --scenarios a,b,c, --smoke, --no-build,
# --keep (keep logs and data), and every Fleet.Bench option (bash infra/bench.sh --help).
# Exit status: 0 when every scenario ran cleanly; 1 when one failed (an error, a 5xx, a crash,
# a timeout) — never because of a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

storage=sqlite
build=1
keep=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --storage) storage=${2:?--storage needs sqlite or postgres}; args+=(--storage "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

work=$(mktemp -d /tmp/fleet-bench.XXXXXX)
pg_dir=""
cleanup() {
  # The harness stops its servers itself; this catches a harness that was killed outright.
  for pidfile in "$work"/run/*.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ -n "$pg_dir" ]; then infra/postgres/temp-server.sh stop "$pg_dir"; fi
  if [ "$keep" = 1 ]; then echo "[bench] logs and data kept in $work/run" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [ "$build" = 1 ]; then
  dotnet build src/Fleet.Server -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  dotnet build bench/Fleet.Bench -c Release -nologo -v quiet -clp:ErrorsOnly >&2
fi

if [ "$storage" = postgres ]; then
  # A benchmark should pay for durability like SQLite does: the test server's fsync=off is for tests.
  eval "$(FLEET_TEST_PG_FSYNC=on infra/postgres/temp-server.sh start)"
  pg_dir=$FLEET_TEST_PG_DIR
  args+=(--postgres "$FLEET_TEST_POSTGRES")
fi

label="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
# In the background so a signal to this script reaches the harness, which then stops its servers
# and still prints what it measured.
dotnet bench/Fleet.Bench/bin/Release/net10.0/Fleet.Bench.dll \
  --fleet-dll src/Fleet.Server/bin/Release/net10.0/Fleet.Server.dll \
  --work-dir "$work/run" --label "$label" "${args[@]}" &
harness=$!
trap 'kill -TERM "$harness" 2>/dev/null || true' INT TERM
status=0
wait "$harness" || status=$?
if kill -0 "$harness" 2>/dev/null; then status=0; wait "$harness" || status=$?; fi
exit "$status"
