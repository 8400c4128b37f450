#!/usr/bin/env bash
# Runs the jest suite (the global setup starts the server, the teardown stops
# it), then checks that the server is gone: its endpoint refuses connections.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
endpoint_file="$(mktemp)"
trap 'rm -f "$endpoint_file"' EXIT
# jest's own environment must not point at another endpoint.
unset DYNAMO_ITEMS_ENDPOINT AWS_ENDPOINT_URL_DYNAMODB AWS_ENDPOINT_URL
DYNAMO_ITEMS_JEST_ENDPOINT_FILE="$endpoint_file" node ../node_modules/jest/bin/jest.js --ci --config jest.config.cjs
endpoint="$(cat "$endpoint_file")"
[ -n "$endpoint" ] || { echo "jest: the suite did not record the endpoint" >&2; exit 1; }
node -e '
  const url = new URL(process.argv[1]);
  const socket = require("node:net").connect(Number(url.port), url.hostname);
  socket.on("connect", () => { console.error(`jest: ${url} still accepts connections after globalTeardown`); process.exit(1); });
  socket.on("error", () => { console.log(`jest: ${url} is closed after globalTeardown`); process.exit(0); });
' "$endpoint"
