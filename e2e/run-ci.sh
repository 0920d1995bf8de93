#!/usr/bin/env bash
# End-to-end suite: builds the console, starts a real API on a fresh PGlite directory and the built console
# (next start) on free loopback ports, runs Playwright with Debian's chromium, and cleans up whatever it started.
#   E2E_API_PORT / E2E_WEB_PORT   fixed ports (default: free ones picked by the OS)
#   E2E_SCREENSHOTS_DIR           also write the README screenshots there (e.g. docs/screenshots)
#   E2E_SKIP_BUILD=1              reuse an existing build of apps/web
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# The suite owns its database: never the developer's PostgreSQL or data directory.
unset DATABASE_URL

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium =="
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
API_PORT=${E2E_API_PORT:-$(free_port)}
WEB_PORT=${E2E_WEB_PORT:-$(free_port)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spendline-e2e-XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    # Each server leads its own process group (see start_group): end the group, then wait for it.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Runs "$@" as the leader of a new session / process group and records the leader's pid (== the group id) in
# PIDS. The pid comes from inside the group: `setsid` forks when its caller already leads a group, so $! would
# not always be the group.
start_group() { # name, command...
  local name=$1
  shift
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$WORK/$name.pid" "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  for _ in $(seq 1 50); do [ -s "$WORK/$name.pid" ] && break; sleep 0.1; done
  PIDS+=("$(cat "$WORK/$name.pid")")
}

wait_for() { # url, what, pid
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "$2 exited early; its log:" >&2; cat "$WORK/$2.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "$2 did not come up at $1; its log:" >&2; cat "$WORK/$2.log" >&2; return 1
}

if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  echo "== building the console (next build) =="
  pnpm --filter @spendline/web build
fi

export E2E_ADMIN_TOKEN="e2e-admin-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
export E2E_ADMIN_EMAIL="admin@e2e.example"
export E2E_ADMIN_PASSWORD="e2e-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"

echo "== API on 127.0.0.1:$API_PORT (fresh PGlite in $WORK) =="
PORT=$API_PORT HOST=127.0.0.1 SPENDLINE_DATA_DIR="$WORK/pglite" SPENDLINE_STATE_DIR="$WORK/state" \
  SPENDLINE_ADMIN_TOKEN="$E2E_ADMIN_TOKEN" SPENDLINE_ADMIN_EMAIL="$E2E_ADMIN_EMAIL" SPENDLINE_ADMIN_PASSWORD="$E2E_ADMIN_PASSWORD" \
  LOG_LEVEL=warn start_group api pnpm --filter @spendline/api api
wait_for "http://127.0.0.1:$API_PORT/readyz" api "${PIDS[-1]}"

echo "== console (next start) on 127.0.0.1:$WEB_PORT =="
SPENDLINE_API_URL="http://127.0.0.1:$API_PORT" \
  start_group web pnpm --filter @spendline/web exec next start --port "$WEB_PORT" --hostname 127.0.0.1
wait_for "http://127.0.0.1:$WEB_PORT/sign-in" web "${PIDS[-1]}"

echo "== playwright =="
export E2E_API_URL="http://127.0.0.1:$API_PORT" E2E_WEB_URL="http://127.0.0.1:$WEB_PORT"
if [ -n "${E2E_SCREENSHOTS_DIR:-}" ]; then
  mkdir -p "$E2E_SCREENSHOTS_DIR"
  E2E_SCREENSHOTS_DIR=$(cd "$E2E_SCREENSHOTS_DIR" && pwd)
  export E2E_SCREENSHOTS_DIR
fi
cd e2e && npx playwright test "$@"
