#!/usr/bin/env bash
# Time per gradient update of SAC/TD3/DDPG, ours (both DJL engines) beside Spinning Up's PyTorch
# code, measured the same way for all: two runs of 3000 env steps on Pendulum-v1 with random
# actions throughout (start_steps 3000), one updating from step 1000 (2000 updates of batch 100,
# (256, 256) networks) and one from step 2950 (50 updates: Spinning Up's logger needs at least one
# update to log); the time per update is the difference of their wall times over 1950. Repeated REPS times, interleaved, medians reported. Also the CPU time (user+sys)
# per update, since the engines use different numbers of threads.
#   agents/bench/update-time.sh [ALGO...]        (default: sac; REPS=3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
algos=("${@:-sac}")
reps="${REPS:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
steps=3000 first=1000 last=2950 updates=1950

spinup=0
if (. "$root/agents/bench/spinup/env.sh" 2>&1) | grep -q "spinup bench: ready"; then
  spinup=1
  . "$root/agents/bench/spinup/env.sh" 2>/dev/null
fi

# one_run NAME UPDATE_AFTER -> appends "name wall cpu" to $out/times
one_run() {
  local name="$1" ua="$2" algo="$3" t0 t1
  local common=(--epochs 1 --steps_per_epoch "$steps" --start_steps "$steps" --update_after "$ua")
  case "$name" in
    spinup)
      /usr/bin/time -o "$out/t" -f "%e %U %S" "$SPINUP_PY" "$root/agents/bench/spinup/run_spinup.py" "$algo" Pendulum-v1 \
        --epochs 1 --steps_per_epoch "$steps" --start_steps "$steps" --update_after "$ua" --seed 0 --out "$out/sp" > /dev/null 2>&1 ;;
    *)
      /usr/bin/time -o "$out/t" -f "%e %U %S" "$root/gymbridge" run "$algo" --env Pendulum-v1 "${common[@]}" \
        --engine "$name" --no-progress --data_dir "$out/data" --exp_name u > /dev/null 2>&1 ;;
  esac
  read -r wall user sys < "$out/t"
  echo "$algo $name $ua $wall $(echo "$user + $sys" | bc)" >> "$out/times"
}

"$root/gymbridge" envs > /dev/null  # build first, outside the timings
names=(MXNet PyTorch)
[ "$spinup" = 1 ] && names+=(spinup)
for algo in "${algos[@]}"; do
  for ((r = 0; r < reps; r++)); do
    for name in "${names[@]}"; do
      one_run "$name" "$first" "$algo"
      one_run "$name" "$last" "$algo"
    done
  done
done

python3 - "$out/times" "$updates" <<'PY'
import statistics, sys, collections
rows = [l.split() for l in open(sys.argv[1])]
updates = int(sys.argv[2])
runs = collections.defaultdict(list)
for algo, name, ua, wall, cpu in rows:
    runs[(algo, name, int(ua))].append((float(wall), float(cpu)))
print(f"{'algo':5} {'who':8} {'ms/update (wall)':>17} {'ms/update (cpu)':>16}  runs")
by = {}
for (algo, name, ua) in sorted(runs):
    if ua != min(u for (a, n, u) in runs if a == algo and n == name):
        continue
    with_u = runs[(algo, name, ua)]
    without = runs[(algo, name, max(u for (a, n, u) in runs if a == algo and n == name))]
    wall = [(w - w0) / updates * 1e3 for (w, _), (w0, _) in zip(with_u, without)]
    cpu = [(c - c0) / updates * 1e3 for (_, c), (_, c0) in zip(with_u, without)]
    by[(algo, name)] = statistics.median(wall)
    print(f"{algo:5} {name:8} {statistics.median(wall):17.2f} {statistics.median(cpu):16.2f}  "
          f"{len(wall)} (each: {', '.join(f'{x:.2f}' for x in wall)})")
for (algo, name), v in sorted(by.items()):
    if (algo, "spinup") in by and name != "spinup":
        print(f"{algo}: {name} / spinup = {v / by[(algo, 'spinup')]:.2f}")
PY
