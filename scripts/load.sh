#!/usr/bin/env bash
# Load on the hot path, on loopback only and bounded in time: a signed-in
# employee opening rooms (session read from Redis, policy, token minted and
# signed, 302), next to the anonymous landing page and /healthz.
# Needs: cargo, node/npm, wrk (apt-get install wrk), redis-server. The script
# starts a Redis of its own on a free loopback port; the one on 6379 is shared
# with other work and is never used.
# Usage: scripts/load.sh [seconds per run, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}

for tool in cargo node npm wrk curl redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "load: $tool is needed" >&2; exit 1; }
done
[ -d tests/idp/node_modules/oidc-provider ] || npm ci --prefix tests/idp --no-audit --no-fund
cargo build --release --quiet

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# The real test IdP on a free port; its first stdout line names the issuer.
mkfifo "$work/idp.out"
IDP_MAX_SECONDS=600 IDP_IGNORE_STDIN=1 node tests/idp/server.mjs >"$work/idp.out" 2>/dev/null &
pids+=($!)
issuer=$(head -n1 "$work/idp.out" | sed 's/.*"issuer":"\([^"]*\)".*/\1/')

port=$(free_port)
bridge="http://127.0.0.1:$port"
client=$(curl -fsS -H 'content-type: application/json' -d "{\"redirect_uris\":[\"$bridge/callback\"]}" "$issuer/reg")
client_id=$(sed 's/.*"client_id":"\([^"]*\)".*/\1/' <<<"$client")
client_secret=$(sed 's/.*"client_secret":"\([^"]*\)".*/\1/' <<<"$client")

cat >"$work/bridge.toml" <<TOML
[server]
listen = "127.0.0.1:$port"
public_url = "$bridge"
dev_mode = true
[oidc]
issuer_url = "$issuer"
client_id = "$client_id"
client_secret = "$client_secret"
scopes = ["openid", "profile", "email", "groups"]
[jitsi]
base_url = "https://meet.example.com"
app_id = "load"
app_secret = "load-test-app-secret-0123456789abcdef"
[access]
allowed_groups = ["employees"]
moderator_groups = ["moderators"]
[limits]
# One wrk client from one address measures the cost of a start, not the limiter.
sign_in_starts_per_minute = 0
sign_in_starts_per_second = 0
[session]
redis_url = "redis://127.0.0.1:$redis_port/0"
key_prefix = "load:"
cookie_secret = "load-test-cookie-secret-0123456789abcdef"
TOML
RUST_LOG=warn ./target/release/jitsi-oidc-bridge --config "$work/bridge.toml" 2>"$work/bridge.log" &
pids+=($!)
for _ in $(seq 100); do curl -fsS "$bridge/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# Sign in once as bob, the way a browser would, to get a session cookie.
jar="$work/cookies"
step() { curl -sS -o /dev/null -b "$jar" -c "$jar" -w '%{redirect_url}' "$@"; }
authorize=$(step "$bridge/login?room=standup")
interaction=$(step "$authorize")
resume=$(step -d login=bob -d password=bob-pw "$interaction/login")
callback=$(step "$resume")
landing=$(step "$callback")
case "$landing" in https://meet.example.com/standup\#jwt=*) ;; *) echo "load: sign-in failed ($landing)" >&2; exit 1;; esac
cookie=$(awk '$6 == "jitsi-sso" { print $7 }' "$jar")

run() {
  echo "== $1"
  shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" | grep -E 'Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors' || true
}
run "signed-in room visit (Redis session + token, 302)" -H "Cookie: jitsi-sso=$cookie" "$bridge/standup"
run "anonymous visitor (redirect to the provider, pending sign-in written to Redis)" "$bridge/login?room=standup"
run "healthz" "$bridge/healthz"
