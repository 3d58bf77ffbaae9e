#!/usr/bin/env bash
# Issue 13: PPO on CartPole-v1 (Spinning Up's defaults) with the env in this process against the
# env on `./gymbridge serve` in another process, back to back, REPEATS times, at each num_envs.
# Prints every run and, per configuration, the median of the Time column after EPOCHS epochs and
# its ratio to the in-process median of the same num_envs. Run by hand on an idle machine.
# After the runs it measures the transport against the same server (`./gymbridge bench`, stream
# round trip p50 in a tight loop at the runs' envs per call) and prints, per remote configuration,
# "at p50": the in-process time plus the remote run's env calls at that p50 each, nothing overlapped.
# At num_envs 1 that is a floor: each call needs the answer of the one before, and so does the
# learner's work between them.
#   agents/bench/remote-training.sh [OUT_DIR]
# Settings (environment):
#   EPOCHS=5 REPEATS=3 NUM_ENVS="1 16"
#   VARIANTS="local remote"     remote: the defaults (two groups of envs in turn when num_envs >= 2);
#                               remote-sync: --env_groups 1 (one batch, nothing in flight);
#                               remote-park: the client parks at once while it waits for a response
#                               (-Dgymbridge.client.spinMicros=0) instead of spinning first;
#                               spinup: Spinning Up's PyTorch PPO (agents/bench/spinup/README.md)
#                               local-warm, remote-warm: seeds 0 1 2 in one JVM, the Time of seed 2
#                               (the third run in a JVM whose JIT has compiled the code)
#   FLOOR=1                         measure the transport after the runs (0 skips it)
#   TARGET=grpc://127.0.0.1:50074   a running server instead of the one this script starts
#   SERVER_OPTS="..."               extra flags for the server it starts
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench-runs/remote-training}"
gb="$root/gymbridge"
epochs="${EPOCHS:-5}"
repeats="${REPEATS:-3}"
num_envs="${NUM_ENVS:-1 16}"
variants="${VARIANTS:-local remote}"
mkdir -p "$out/data"
"$gb" envs > /dev/null # build first, outside the timings

server=""
target="${TARGET:-}"
if [ -z "$target" ]; then
  port=50074
  # shellcheck disable=SC2086
  "$gb" serve --port "$port" ${SERVER_OPTS:-} > "$out/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do grep -q listening "$out/serve.log" 2>/dev/null && break; sleep 0.2; done
  target="grpc://127.0.0.1:$port"
fi
if [[ " $variants " == *" spinup "* ]]; then
  . "$root/agents/bench/spinup/env.sh" 2>/dev/null
fi

# the Time column of the last line of progress.txt
last_time() { awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) if($i=="Time") c=i} END{print $c}' "$1"; }

results="$out/results.tsv"
: > "$results"
for rep in $(seq "$repeats"); do
  for n in $num_envs; do
    for v in $variants; do
      name="$v-n$n-r$rep"
      dir="$out/data/$name"
      rm -rf "$dir"
      common=(--epochs "$epochs" --num_envs "$n" --no-progress --data_dir "$out/data" --exp_name "$name")
      case "$v" in
        local) "$gb" run ppo --env CartPole-v1 "${common[@]}" > "$out/$name.log" 2>&1 ;;
        remote) "$gb" run ppo --env "$target/CartPole-v1" "${common[@]}" > "$out/$name.log" 2>&1 ;;
        remote-park) GYMBRIDGE_JAVA_OPTS="-Dgymbridge.client.spinMicros=0" \
          "$gb" run ppo --env "$target/CartPole-v1" "${common[@]}" > "$out/$name.log" 2>&1 ;;
        remote-sync) "$gb" run ppo --env "$target/CartPole-v1" --env_groups 1 "${common[@]}" \
          > "$out/$name.log" 2>&1 ;;
        local-warm) "$gb" run ppo --env CartPole-v1 --seed 0 1 2 "${common[@]}" \
          > "$out/$name.log" 2>&1 ;;
        remote-warm) "$gb" run ppo --env "$target/CartPole-v1" --seed 0 1 2 "${common[@]}" \
          > "$out/$name.log" 2>&1 ;;
        spinup) "$SPINUP_PY" "$root/agents/bench/spinup/run_spinup.py" ppo CartPole-v1 \
          --epochs "$epochs" --steps_per_epoch 4000 --seed 0 --out "$dir" --exp_name "$name" \
          > "$out/$name.log" 2>&1 ;;
        *) echo "unknown variant $v" >&2; exit 2 ;;
      esac
      if [[ "$v" == *-warm ]]; then
        progress="$dir/${name}_s2/progress.txt"
      else
        progress=$(find "$dir" -name progress.txt | head -n 1)
      fi
      t=$(last_time "$progress")
      env_line=$(grep -h "^Env:" "$out/$name.log" | tail -n 1 || true)
      printf '%s\t%s\t%s\t%s\t%s\n' "$v" "$n" "$rep" "$t" "$env_line" | tee -a "$results"
    done
  done
done

transport="$out/transport.txt"
: > "$transport"
if [ "${FLOOR:-1}" != 0 ] && [[ " $variants " == *" remote"* ]]; then
  # envs per call of the remote runs (two groups of n/2 by default), from their Env lines
  per_call=$(cut -f5 "$results" | sed -n 's/.*(\([0-9]*\) envs per call).*/\1/p' | sort -un | paste -sd, -)
  "$gb" bench --target "${target#grpc://}" --num-envs "$per_call" --seconds 3 --in-flight 1 \
    --learner-us 15 --no-unix > "$transport" 2>&1 || echo "the transport bench failed: see $transport" >&2
fi

echo
echo "medians of Time after $epochs epochs (s), and the ratio to in-process at the same num_envs"
echo "(-warm: seed 2 of three in one JVM, against local-warm; at p50: in-process + env calls x the"
echo " transport's stream p50 measured just after, $transport)"
/usr/bin/python3 - "$results" "$transport" <<'EOF'
import re, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
p50 = {}
for line in open(sys.argv[2]):
    m = re.match(r"\s+stream num_envs=(\d+)\s+([\d.]+)", line)
    if m:
        p50[int(m.group(1))] = float(m.group(2)) * 1e-6
med, calls = {}, {}
for v, n, _, t, env in rows:
    med.setdefault((v, int(n)), []).append(float(t))
    m = re.search(r"Env: (\d+) calls.*\((\d+) envs per call\)", env)
    if m:
        calls.setdefault((v, int(n)), []).append((int(m.group(1)), int(m.group(2))))
for (v, n), ts in sorted(med.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    m = statistics.median(ts)
    base = med.get(("local-warm" if v.endswith("-warm") else "local", n))
    line = f"num_envs {n:3d}  {v:14s} {m:7.2f}  ({', '.join(f'{t:.2f}' for t in ts)})"
    if base and not v.startswith("local"):
        b = statistics.median(base)
        line += f"  {m / b:.2f}x in-process"
        c = calls.get((v, n), [])
        if c and c[0][1] in p50:
            k, per = c[0]
            lo = b + k * p50[per]
            line += f"; at p50 {lo:.2f} s = {lo / b:.2f}x ({k} calls x {p50[per] * 1e6:.1f} us)"
    spinup = med.get(("spinup", n))
    if spinup and v != "spinup":
        line += f"; {m / statistics.median(spinup):.2f}x Spinning Up"
    print(line)
EOF
