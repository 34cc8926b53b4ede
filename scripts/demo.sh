#!/usr/bin/env bash
# One command to try the bridge: the test identity provider on :9000, a Jitsi
# stand-in on :8000 and the bridge on :8080 (in-memory store). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is needed but not installed" >&2; exit 1; }
done
[ -d tests/idp/node_modules/oidc-provider ] || npm ci --prefix tests/idp --no-audit --no-fund

echo "demo: building the bridge (first build takes a few minutes)..."
cargo build --quiet

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

mkdir -p target
IDP_PORT=9000 IDP_IGNORE_STDIN=1 IDP_DEMO_REDIRECT_URI=http://127.0.0.1:8080/callback \
  IDP_DEMO_BACKCHANNEL_LOGOUT_URI=http://127.0.0.1:8080/backchannel-logout \
  node tests/idp/server.mjs >/dev/null 2>target/demo-idp.log &
pids+=($!)
node scripts/demo-jitsi.mjs 2>/dev/null &
pids+=($!)
# Start the bridge once the provider listens, so its first metadata read succeeds.
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null && break; sleep 0.1; done

cat <<'TXT'

  jitsi-oidc-bridge demo
  ----------------------
  Open  http://127.0.0.1:8080/standup  in a browser.

  - "Sign in" goes to the test identity provider. Users (password = name + "-pw"):
      alice / alice-pw   employees + moderators  -> token with moderator: true
      bob   / bob-pw     employees               -> token as a member
      carol / carol-pw   contractors             -> refused (403), offered the guest path
  - "Join as guest" goes to the room without a token (Jitsi's lobby).
  - The Jitsi stand-in on :8000 shows the token's claims. Try /Sales/Weekly for a tenant.
  - http://127.0.0.1:8080/logout signs out here and at the identity provider.
  - The identity provider's log is in target/demo-idp.log. Ctrl-C stops everything.

TXT
./target/debug/jitsi-oidc-bridge --config scripts/demo.toml
