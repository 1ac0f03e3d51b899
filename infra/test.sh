#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this).
# Starts what the tests need (a throw-away PostgreSQL 15 on loopback), then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/postgresql/15/bin/initdb ] || [ -n "${PGBIN:-}" ]; then
  eval "$(infra/postgres/temp-server.sh start)"
  export FLEET_TEST_POSTGRES FLEET_TEST_PG_DIR
  trap 'infra/postgres/temp-server.sh stop "$FLEET_TEST_PG_DIR"' EXIT
else
  echo "PostgreSQL 15 not found: the PostgreSQL tests will fail." >&2
fi

# The browser tests drive Debian's Chromium through Playwright; Playwright never downloads a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y chromium >/dev/null 2>&1; then
    apt-get update >/dev/null && apt-get install -y chromium >/dev/null
  fi
fi

dotnet test Fleet.sln -c Release --logger "console;verbosity=normal" "$@"

# The benchmark harness at a tiny size (about a minute). It builds itself: `dotnet test` builds only
# the test projects and what they reference. It fails only when the harness does — an error, a 5xx,
# a crash, a timeout — never because of a figure.
bash infra/bench.sh --smoke
