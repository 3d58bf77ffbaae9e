#!/usr/bin/env bash
# The simulated-robot example end to end, as an operator would run it (README.md):
#   robot-demo.sh train   serve the arm, train SAC against it env-paced for 2,000 steps
#   robot-demo.sh kill    serve the arm, start SAC against it and kill -9 it mid-episode, N times
#                         (N=10): how long after the kill the arm got its safe action
#   robot-demo.sh estop   serve the arm, start SAC, ./gymbridge estop the server: the agent stops
#                         with the stop's reason
# Run from the repository root after `mvn -q install -DskipTests`. PORT (50061), N, HOLD (0: the
# watchdog's hold in control periods) and WATCHDOG_MS may be set. WATCHDOG_MS is 20000 for train:
# SAC's end-of-epoch test episodes run on its second session for 10 s, while the training session
# waits mid-episode, and a watchdog must outlast the learner's planned pauses (a lost connection
# fires it at once whatever the timeout); 1000 otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mode="${1:-kill}"
port="${PORT:-50061}"
hold="${HOLD:-0}"
if [ "$mode" = train ]; then watchdog_ms="${WATCHDOG_MS:-20000}"; else watchdog_ms="${WATCHDOG_MS:-1000}"; fi
work="$(mktemp -d)"
url="grpc://127.0.0.1:$port/SimulatedArm-v0?pacing=env&watchdog_ms=$watchdog_ms&watchdog_hold=$hold"

cp_file="$root/examples/simulated-robot/target/classpath.txt"
(cd examples/simulated-robot && mvn -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
java -cp "$root/examples/simulated-robot/target/classes:$(cat "$cp_file")" \
  io.gymbridge.examples.robot.RobotServer "$port" > "$work/server.log" 2>&1 &
server=$!
agent=""
cleanup() {
  [ -n "$agent" ] && kill -9 "$agent" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do grep -q "^serving" "$work/server.log" && break; sleep 0.1; done
grep "^serving" "$work/server.log"

sac() { # SAC against the arm, in the background; its output in $work/agent.log
  ./gymbridge run sac --env "$url" --seed 0 --no-progress --data_dir "$work/data" \
    --exp_name robot "$@" > "$work/agent.log" 2>&1 &
  agent=$!
}

mid_episode() { # waits until the agent has stepped the arm for a while
  local before
  before=$(grep -c "robot SAFE_ACTION" "$work/server.log" || true)
  for _ in $(seq 300); do
    # each reset ends the ticks (the arm gets its safe action) and starts them again
    [ "$(grep -c "robot SAFE_ACTION" "$work/server.log" || true)" -ge $((before + 2)) ] && break
    sleep 0.1
  done
  sleep 0.$((RANDOM % 9 + 1)) # somewhere inside the 1 s episode
}

case "$mode" in
  train)
    /usr/bin/time -f "wall %e s" ./gymbridge run sac --env "$url" --seed 0 --no-progress \
      --data_dir "$work/data" --exp_name robot --epochs 2 --steps_per_epoch 1000 \
      --start_steps 1000 --update_after 500 --max_ep_len 50 2>&1 | tail -40
    ;;
  kill)
    n="${N:-10}"
    : > "$work/delays"
    for i in $(seq "$n"); do
      sac --epochs 100 --steps_per_epoch 1000 --start_steps 100000
      mid_episode
      killed=$(date +%s%N)
      kill -9 "$agent"; wait "$agent" 2>/dev/null || true; agent=""
      for _ in $(seq 100); do
        safe=$(awk -v t="$killed" '/^robot SAFE_ACTION/ { split($3, a, "="); if (a[2] > t) { print a[2]; exit } }' "$work/server.log")
        fault=$(awk -v t="$killed" '/^robot FAULT/ { split($3, a, "="); if (a[2] > t) { print a[2]; exit } }' "$work/server.log")
        [ -n "$safe" ] && [ -n "$fault" ] && break
        sleep 0.05
      done
      [ -n "$safe" ] || { echo "kill $i: no safe action within 5 s" >&2; cat "$work/server.log" >&2; exit 1; }
      awk -v k="$killed" -v f="$fault" -v s="$safe" -v i="$i" 'BEGIN {
        printf "kill %d: fault %.1f ms, safe action %.1f ms after SIGKILL\n", i, (f - k) / 1e6, (s - k) / 1e6 }'
      echo "$(( (fault - killed) / 1000 )) $(( (safe - killed) / 1000 ))" >> "$work/delays"
    done
    sort -n -k2 "$work/delays" | awk -v hold="$hold" '{ f[NR] = $1; s[NR] = $2 } END {
      m = int((NR + 1) / 2)
      printf "%d kills (hold %d periods of 20 ms): safe action after SIGKILL median %.1f ms, max %.1f ms\n", NR, hold, s[m] / 1000, s[NR] / 1000 }'
    ;;
  estop)
    sac --epochs 100 --steps_per_epoch 1000 --start_steps 100000
    mid_episode
    ./gymbridge estop "grpc://127.0.0.1:$port" --reason "operator pressed the button"
    wait "$agent" || true; agent=""
    grep "robot EMERGENCY_STOP" "$work/server.log"
    grep -i "emergency stop" "$work/agent.log" | head -3
    ;;
  *) echo "usage: $0 train|kill|estop" >&2; exit 2 ;;
esac
