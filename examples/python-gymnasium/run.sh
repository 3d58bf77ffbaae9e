#!/usr/bin/env bash
# Serves a Gymnasium env from Python and drives it from Java by URL.
#   examples/python-gymnasium/run.sh [ENV_ID] [EPISODES]      e.g. CartPole-v1, HalfCheetah-v5
# Needs a Python with grpc, protobuf, numpy and gymnasium (gymnasium[mujoco] for MuJoCo ids);
# GYMBRIDGE_GYMNASIUM_PATH adds a PYTHONPATH that holds Gymnasium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
env_id="${1:-CartPole-v1}"
episodes="${2:-3}"
python="$("$root/envserver-adapters/python/find_python.sh")" \
  || { echo "needs a Python 3 with grpc, protobuf and numpy: apt-get install python3-grpcio python3-protobuf python3-numpy" >&2; exit 1; }
export PYTHONPATH="$root/envserver-adapters/python/src${GYMBRIDGE_GYMNASIUM_PATH:+:$GYMBRIDGE_GYMNASIUM_PATH}"
"$python" -c 'import gymnasium' 2>/dev/null \
  || { echo "Python cannot import gymnasium: pip install gymnasium (or set GYMBRIDGE_GYMNASIUM_PATH)" >&2; exit 1; }

log="$(mktemp)"
"$python" -m gymbridge_server --port 0 --allow "$env_id" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
port="$(sed -n 's/.*listening on [^ ]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)"
[ -n "$port" ] || { cat "$log" >&2; exit 1; }
echo "python server on 127.0.0.1:$port serving $env_id"

cd "$root"
mvn -q -B install -DskipTests -Dspotless.check.skip=true -pl examples/remote-random-agent -am
mvn -q -B -pl examples/remote-random-agent exec:java \
  -Dexec.args="grpc://127.0.0.1:$port/$env_id $episodes"
