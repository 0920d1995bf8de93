#!/usr/bin/env bash
# `pnpm web`: the console against the API at SPENDLINE_API_URL (default http://127.0.0.1:4000, i.e. `pnpm start`).
#   pnpm web          production server (builds first when there is no build yet)
#   pnpm web --dev    next dev, with reloading
#   WEB_PORT          port (default 3000)
set -euo pipefail
cd "$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1
PORT=${WEB_PORT:-3000}
export SPENDLINE_API_URL=${SPENDLINE_API_URL:-http://127.0.0.1:4000}
echo "Spendline console: http://127.0.0.1:$PORT  (API: $SPENDLINE_API_URL)"
if [ "${1:-}" = "--dev" ]; then
  exec pnpm exec next dev --port "$PORT" --hostname 127.0.0.1
fi
[ -f .next/BUILD_ID ] || pnpm exec next build
exec pnpm exec next start --port "$PORT" --hostname 127.0.0.1
