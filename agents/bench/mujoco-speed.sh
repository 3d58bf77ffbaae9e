#!/usr/bin/env bash
# Speed of the native MuJoCo envs (issue 12): env steps/s of Hopper, HalfCheetah, Ant and Humanoid
# in this process against a plain C loop on the same libmujoco, model, start state and actions
# (agents/bench/c/mujoco_loop.c, compiled here with gcc); 16 envs as one vector env, stepped in the
# calling thread and split among the cores; 16 envs per call through a loopback server. Medians of
# REPS repetitions run alternately. Run it on an idle machine.
#   agents/bench/mujoco-speed.sh [ENV_ID,...]      (default: Hopper-v4,HalfCheetah-v4,Ant-v4,Humanoid-v4)
# STEPS (default 4000), REPS (default 5), NUM_ENVS (default 16), WARMUP (seconds of stepping before
# each vector or loopback measurement, default 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
envs="${1:-Hopper-v4,HalfCheetah-v4,Ant-v4,Humanoid-v4}"
"$root/gymbridge" --help > /dev/null   # builds the launcher if sources changed
cli="$root/agents/cli/target"
cp="$(ls "$cli"/gymbridge-cli-*.jar | head -n 1):$(cat "$cli/classpath.txt")"
cd "$root"
OMP_NUM_THREADS=1 exec java -Dai.djl.offline=true -cp "$cp" io.gymbridge.bench.MujocoBenchmark \
  --envs "$envs" --steps "${STEPS:-4000}" --reps "${REPS:-5}" --num-envs "${NUM_ENVS:-16}" --warmup-seconds "${WARMUP:-2}"
