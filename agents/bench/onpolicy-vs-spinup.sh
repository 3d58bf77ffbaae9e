#!/usr/bin/env bash
# Issue 4 side by side with Spinning Up's own PyTorch code (agents/bench/spinup/README.md):
#  1. PPO, CartPole-v1, 50 epochs at the defaults, seed 0: Spinning Up; ours in-process with 1 and
#     16 envs; ours with the env over a loopback server (16 envs per call), in-process and remote
#     alternated twice for the bridge's share of the wall time.
#  2. VPG, CartPole-v1, 50 epochs, seeds 0 10 20: ours and Spinning Up's, curves overlaid.
# About 15 minutes on 2 cores; run it on an otherwise idle machine, by hand, not in CI.
#   agents/bench/onpolicy-vs-spinup.sh [OUT_DIR]     (default: bench-runs/onpolicy-vs-spinup)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench-runs/onpolicy-vs-spinup}"
gb="$root/gymbridge"
mkdir -p "$out/data" "$out/plots"
if ! (. "$root/agents/bench/spinup/env.sh" 2>&1) | grep -q "spinup bench: ready"; then
  echo "Spinning Up is not set up: see agents/bench/spinup/README.md" >&2
  exit 1
fi
. "$root/agents/bench/spinup/env.sh" 2>/dev/null
"$gb" envs > /dev/null  # build first, outside the timings

timed() { # label cmd... : wall seconds into $out/times.txt
  local label="$1"; shift
  /usr/bin/time -o "$out/t" -f "%e" "$@" > "$out/last-run.log" 2>&1
  echo "$label $(cat "$out/t")" | tee -a "$out/times.txt"
}
opts=(--no-progress --data_dir "$out/data")
: > "$out/times.txt"

"$gb" serve --port 50073 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 3
for rep in 1 2; do
  timed "ours-ppo-local-16envs" "$gb" run ppo --env CartPole-v1 --num_envs 16 --exp_name "ppo-local16-r$rep" "${opts[@]}"
  timed "ours-ppo-remote-16envs" "$gb" run ppo --env grpc://127.0.0.1:50073/CartPole-v1 --num_envs 16 --exp_name "ppo-remote16-r$rep" "${opts[@]}"
done
timed "ours-ppo-local-1env" "$gb" run ppo --env CartPole-v1 --exp_name ppo-local1 "${opts[@]}"
timed "spinup-ppo" "$SPINUP_PY" "$root/agents/bench/spinup/run_spinup.py" ppo CartPole-v1 \
  --epochs 50 --steps_per_epoch 4000 --seed 0 --out "$out/data/spinup-ppo/spinup-ppo_s0" --exp_name spinup-ppo

for seed in 0 10 20; do
  timed "spinup-vpg-s$seed" "$SPINUP_PY" "$root/agents/bench/spinup/run_spinup.py" vpg CartPole-v1 \
    --epochs 50 --steps_per_epoch 4000 --seed "$seed" --out "$out/data/spinup-vpg/spinup-vpg_s$seed" --exp_name spinup-vpg
done
timed "ours-vpg-3seeds" "$gb" run vpg --env CartPole-v1 --seed 0 10 20 --exp_name vpg "${opts[@]}"

(cd "$out/plots" && "$gb" plot "$out/data/vpg/" "$out/data/spinup-vpg/" -x TotalEnvInteracts -y Performance -o vpg-vs-spinup)

python3 - "$out" <<'PY'
import csv, glob, statistics, sys, collections
out = sys.argv[1]
t = collections.defaultdict(list)
for line in open(out + "/times.txt"):
    k, v = line.split()
    t[k].append(float(v))
med = {k: statistics.median(v) for k, v in t.items()}
print("wall seconds (median):", {k: round(v, 1) for k, v in med.items()})
sp = med["spinup-ppo"]
for k in ("ours-ppo-local-1env", "ours-ppo-local-16envs", "ours-ppo-remote-16envs"):
    print(f"  {k}: {med[k]:.1f} s, {sp / med[k]:.2f}x faster than Spinning Up's {sp:.1f} s")
share = [(r - l) / r for l, r in zip(t["ours-ppo-local-16envs"], t["ours-ppo-remote-16envs"])]
print("  bridge share of the remote run's wall time, per pair:", [f"{s:.1%}" for s in share])
def final(pattern, budget):
    vals = []
    for f in sorted(glob.glob(pattern)):
        rows = [r for r in csv.DictReader(open(f), delimiter="\t") if float(r["TotalEnvInteracts"]) <= budget]
        vals.append(round(float(rows[-1]["AverageEpRet"]), 1))
    return vals
for name, pat in (("ours", "/data/vpg/*/progress.txt"), ("spinup", "/data/spinup-vpg/*/progress.txt")):
    v = final(out + pat, 200000)
    print(f"VPG {name}: AverageEpRet at 200k per seed {v}, median {statistics.median(v):.1f}")
PY
