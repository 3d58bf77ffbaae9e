#!/usr/bin/env bash
# Learning on the native MuJoCo envs (issue 12), beside Spinning Up's published PyTorch curves.
# Long: hours on 2 cores. Run by hand, not in CI; a run that outlasts a session continues with
#   ./gymbridge run --resume DIR
#   agents/bench/mujoco-learning.sh exercise       TD3, Spinning Up's exercise setting: hid [128,128],
#                                                   max_ep_len 150, 10 epochs of 4000 steps, seed 0:
#                                                   HalfCheetah-v4 (goal > 300), InvertedPendulum-v4 (150)
#   agents/bench/mujoco-learning.sh defaults ID... Spinning Up's defaults, seed 0, 300k steps (75 epochs):
#                                                   sac-halfcheetah sac-hopper sac-walker td3-halfcheetah,
#                                                   and ppo-hopper (1M steps, 250 epochs)
# OUT_DIR (default bench-runs/mujoco) holds data/ and a log per run with its wall time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${OUT_DIR:-$root/bench-runs/mujoco}"
gb="$root/gymbridge"
mkdir -p "$out/data"

run() {
  local name="$1"; shift
  echo "== $name: $*"
  /usr/bin/time -f "wall %e s" -o "$out/$name.time" "$gb" run "$@" --no-progress --data_dir "$out/data" \
    --exp_name "$name" > "$out/$name.log" 2>&1
  cat "$out/$name.time"
}

case "${1:-}" in
  exercise)
    for env in HalfCheetah-v4 InvertedPendulum-v4; do
      run "td3-exercise-$env" td3 --env "$env" --hid "[128,128]" --max_ep_len 150 --epochs 10 --seed 0
    done ;;
  defaults)
    shift
    for id in "$@"; do
      case "$id" in
        sac-halfcheetah) run "$id" sac --env HalfCheetah-v4 --epochs 75 --seed 0 ;;
        sac-hopper) run "$id" sac --env Hopper-v4 --epochs 75 --seed 0 ;;
        sac-walker) run "$id" sac --env Walker2d-v4 --epochs 75 --seed 0 ;;
        td3-halfcheetah) run "$id" td3 --env HalfCheetah-v4 --epochs 75 --seed 0 ;;
        ppo-hopper) run "$id" ppo --env Hopper-v4 --epochs 250 --seed 0 ;;
        *) echo "unknown run $id" >&2; exit 2 ;;
      esac
    done ;;
  *) sed -n 2,12p "$0"; exit 2 ;;
esac
