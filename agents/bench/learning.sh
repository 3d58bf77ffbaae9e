#!/usr/bin/env bash
# Learning benchmarks of the on-policy agents (issue 4): Spinning Up's defaults, 3 seeds, curves
# written as PNG/SVG. Long: run it by hand, not in CI.
#   agents/bench/learning.sh [OUT_DIR]        (default: bench-runs/, plots in OUT_DIR/plots)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench-runs}"
gb="$root/gymbridge"
mkdir -p "$out/plots"
cd "$out"

run() { echo "== $*"; /usr/bin/time -f "   wall %e s" "$gb" run "$@" --no-progress --data_dir "$out/data" > "$out/last-run.log"; grep -E "^Env:" "$out/last-run.log" | tail -n 1 || true; }

# PPO, CartPole-v1: AverageEpRet >= 475 by 100k steps (25 epochs of 4000), median of 3 seeds.
run ppo --env CartPole-v1 --epochs 25 --seed 0 10 20 --exp_name ppo-cartpole
# TRPO, CartPole-v1: >= 475 by 200k steps.
run trpo --env CartPole-v1 --epochs 50 --seed 0 10 20 --exp_name trpo-cartpole
# VPG, CartPole-v1: a rising curve.
run vpg --env CartPole-v1 --epochs 50 --seed 0 10 20 --exp_name vpg-cartpole
# Once each against the env over a loopback server, to overlay.
"$gb" serve --port 50071 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 3
run ppo --env grpc://127.0.0.1:50071/CartPole-v1 --epochs 25 --seed 0 --num_envs 16 --exp_name ppo-cartpole-remote
run trpo --env grpc://127.0.0.1:50071/CartPole-v1 --epochs 50 --seed 0 --num_envs 16 --exp_name trpo-cartpole-remote
# PPO, Acrobot-v1: >= -100 by 500k steps (125 epochs).
run ppo --env Acrobot-v1 --epochs 125 --seed 0 10 20 --num_envs 16 --exp_name ppo-acrobot

cd "$out/plots"
"$gb" plot "$out/data/ppo-cartpole" "$out/data/ppo-cartpole-remote" -x TotalEnvInteracts -y Performance -o ppo-cartpole
"$gb" plot "$out/data/trpo-cartpole" "$out/data/trpo-cartpole-remote" -x TotalEnvInteracts -y Performance -o trpo-cartpole
"$gb" plot "$out/data/vpg-cartpole" -x TotalEnvInteracts -y Performance -o vpg-cartpole
"$gb" plot "$out/data/ppo-acrobot" -x TotalEnvInteracts -y Performance -o ppo-acrobot

# The criterion of each: median over seeds of AverageEpRet at the last epoch within the budget.
summary() { # exp_dir max_interacts
  python3 - "$@" <<'PY'
import csv, glob, statistics, sys
d, budget = sys.argv[1], float(sys.argv[2])
finals = []
for f in sorted(glob.glob(d + "/*/progress.txt")):
    rows = [r for r in csv.DictReader(open(f), delimiter="\t") if float(r["TotalEnvInteracts"]) <= budget]
    finals.append(float(rows[-1]["AverageEpRet"]))
print(f"{d.rsplit('/', 1)[-1]}: AverageEpRet at <= {budget:.0f} steps per seed {finals}, median {statistics.median(finals):.1f}")
PY
}
summary "$out/data/ppo-cartpole" 100000
summary "$out/data/trpo-cartpole" 200000
summary "$out/data/vpg-cartpole" 200000
summary "$out/data/ppo-cartpole-remote" 100000
summary "$out/data/trpo-cartpole-remote" 200000
summary "$out/data/ppo-acrobot" 500000
