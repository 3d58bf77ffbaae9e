#!/usr/bin/env bash
# Issue 13: remote training against added network delay. The env server listens on loopback;
# the client reaches it through DelayProxy, which delays every byte by DELAY ms in each direction
# (2 x DELAY ms more per round trip). This machine's kernel has no tc netem (no sch_netem module),
# hence a user-space proxy; its own cost shows in the 0 ms row, which also goes through it.
# agents/bench/remote-training.sh then runs PPO on CartPole-v1 in-process and against the server,
# for each delay. Run by hand on an idle machine.
#   agents/bench/remote-delay.sh [OUT_DIR]
# Settings (environment): DELAYS="0 0.25 0.5 1 2" (ms, one way), and those of remote-training.sh
# (EPOCHS, REPEATS, NUM_ENVS default "16", VARIANTS default "local remote remote-sync").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench-runs/remote-delay}"
gb="$root/gymbridge"
delays="${DELAYS:-0 0.25 0.5 1 2}"
server_port=50076
proxy_port=50079
mkdir -p "$out"
"$gb" envs > /dev/null # build first
cp="$root/agents/cli/target/gymbridge-cli-0.1.0-SNAPSHOT.jar:$(cat "$root/agents/cli/target/classpath.txt")"

server=""
proxy=""
cleanup() {
  [ -n "$proxy" ] && kill "$proxy" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
}
trap cleanup EXIT
"$gb" serve --port "$server_port" > "$out/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening "$out/serve.log" 2>/dev/null && break; sleep 0.2; done

summary="$out/summary.txt"
: > "$summary"
for d in $delays; do
  java -cp "$cp" io.gymbridge.bench.DelayProxy "$proxy_port" "127.0.0.1:$server_port" "$d" \
    > "$out/proxy-$d.log" 2>&1 &
  proxy=$!
  for _ in $(seq 100); do grep -q listening "$out/proxy-$d.log" 2>/dev/null && break; sleep 0.1; done
  echo "== one-way delay $d ms" | tee -a "$summary"
  TARGET="grpc://127.0.0.1:$proxy_port" NUM_ENVS="${NUM_ENVS:-16}" \
    VARIANTS="${VARIANTS:-local remote remote-sync}" \
    "$root/agents/bench/remote-training.sh" "$out/delay-$d" | sed -n '/^medians/,$p' | tee -a "$summary"
  kill "$proxy"
  wait "$proxy" 2>/dev/null || true
  proxy=""
done
