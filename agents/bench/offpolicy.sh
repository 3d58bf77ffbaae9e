#!/usr/bin/env bash
# Learning benchmarks of the off-policy agents (issue 5): Spinning Up's defaults, 3 seeds, and the
# same runs of Spinning Up's own PyTorch code when it is set up (agents/bench/spinup/README.md).
# Long (about an hour on 2 cores): run it by hand, not in CI.
#   agents/bench/offpolicy.sh [OUT_DIR]      (default: bench-runs/offpolicy, plots in OUT_DIR/plots)
# ENGINE=PyTorch selects the DJL engine of our runs (default MXNet).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench-runs/offpolicy}"
gb="$root/gymbridge"
engine="${ENGINE:-MXNet}"
mkdir -p "$out/plots" "$out/data"
cd "$out"

run() { echo "== $*"; /usr/bin/time -f "   wall %e s" "$gb" run "$@" --engine "$engine" --no-progress --data_dir "$out/data" > "$out/last-run.log"; }

# Pendulum-v1: AverageTestEpRet >= -200 by 20k steps (5 epochs of 4000), median of 3 seeds.
for algo in sac td3 ddpg; do
  run "$algo" --env Pendulum-v1 --epochs 5 --seed 0 10 20 --exp_name "$algo-pendulum"
done
# SAC once on the other engine, for the wall time of the 20k steps.
other=PyTorch; [ "$engine" = PyTorch ] && other=MXNet
"$gb" run sac --env Pendulum-v1 --epochs 5 --seed 0 --engine "$other" --no-progress --data_dir "$out/data" --exp_name "sac-pendulum-$other" > "$out/last-run.log"
# Once against the env over a loopback server, to overlay.
"$gb" serve --port 50072 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 3
run sac --env grpc://127.0.0.1:50072/Pendulum-v1 --epochs 5 --seed 0 --exp_name sac-pendulum-remote
# MountainCarContinuous-v0 with SAC: what it reaches by 50k steps (10 epochs of 5000).
run sac --env MountainCarContinuous-v0 --epochs 10 --steps_per_epoch 5000 --seed 0 10 20 --exp_name sac-mcc

# Spinning Up's own runs, if its source and Python packages are there.
spinup=0
if (. "$root/agents/bench/spinup/env.sh" 2>&1) | grep -q "spinup bench: ready"; then
  spinup=1
  . "$root/agents/bench/spinup/env.sh" 2>/dev/null
  for algo in sac td3 ddpg; do
    for seed in 0 10 20; do
      echo "== spinup $algo Pendulum-v1 seed $seed"
      /usr/bin/time -f "   wall %e s" "$SPINUP_PY" "$root/agents/bench/spinup/run_spinup.py" "$algo" Pendulum-v1 \
        --epochs 5 --steps_per_epoch 4000 --seed "$seed" \
        --out "$out/data/spinup-$algo-pendulum/spinup-$algo-pendulum_s$seed" --exp_name "spinup-$algo-pendulum" > "$out/last-run.log"
    done
  done
else
  echo "(Spinning Up not set up: skipping its runs; see agents/bench/spinup/README.md)"
fi

cd "$out/plots"
for algo in sac td3 ddpg; do
  dirs=("$out/data/$algo-pendulum/")
  [ "$algo" = sac ] && dirs+=("$out/data/sac-pendulum-remote/")
  [ "$spinup" = 1 ] && dirs+=("$out/data/spinup-$algo-pendulum/")
  "$gb" plot "${dirs[@]}" -x TotalEnvInteracts -y AverageTestEpRet -o "$algo-pendulum"
done
"$gb" plot "$out/data/sac-mcc/" -x TotalEnvInteracts -y AverageTestEpRet -o sac-mcc

# The criterion: median over seeds of AverageTestEpRet at the last epoch within the budget.
summary() { # exp_dir max_interacts
  python3 - "$@" <<'PY'
import csv, glob, statistics, sys
d, budget = sys.argv[1], float(sys.argv[2])
finals, times = [], []
for f in sorted(glob.glob(d + "/*/progress.txt")):
    rows = [r for r in csv.DictReader(open(f), delimiter="\t") if float(r["TotalEnvInteracts"]) <= budget]
    finals.append(round(float(rows[-1]["AverageTestEpRet"]), 1))
    times.append(round(float(rows[-1]["Time"])))
print(f"{d.rsplit('/', 1)[-1]}: AverageTestEpRet at <= {budget:.0f} steps per seed {finals}, "
      f"median {statistics.median(finals):.1f}; Time {times} s")
PY
}
for algo in sac td3 ddpg; do
  summary "$out/data/$algo-pendulum" 20000
  [ "$spinup" = 1 ] && summary "$out/data/spinup-$algo-pendulum" 20000
done
summary "$out/data/sac-pendulum-$other" 20000
summary "$out/data/sac-pendulum-remote" 20000
summary "$out/data/sac-mcc" 50000
