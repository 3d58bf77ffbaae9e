#!/usr/bin/env bash
# Reproducibility under memory pressure: the same seeded run N times, each in its own JVM with a
# small heap (frequent garbage collections) and glibc's MALLOC_PERTURB_ (freed memory is filled
# with a byte pattern), then counts how many distinct progress.txt files came out, ignoring the
# time columns. A run that reads freed native memory (as SAC on DJL-PyTorch did before the
# Scalars fix) gives more than one; a reproducible run gives exactly one.
#   agents/bench/repeat-runs.sh [ALGO] [ENGINE] [N]        (default: sac PyTorch 6)
# Tiny networks and epochs (seconds per run): the point is bit-for-bit equality, not learning.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
algo="${1:-sac}" engine="${2:-PyTorch}" n="${3:-6}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
case "$algo" in
  ddpg|td3|sac) flags=(--env Pendulum-v1 --epochs 3 --steps_per_epoch 200 --start_steps 100
                       --update_after 100 --update_every 50 --batch_size 32 --num_test_episodes 1
                       --max_ep_len 100 --hid "[16,16]") ;;
  *) flags=(--env Pendulum-v1 --epochs 3 --steps_per_epoch 200 --hid "[16,16]") ;;
esac
"$root/gymbridge" envs > /dev/null  # build first
for ((i = 0; i < n; i++)); do
  MALLOC_PERTURB_=165 GYMBRIDGE_JAVA_OPTS="-Xmx48m -Xmn4m" "$root/gymbridge" run "$algo" "${flags[@]}" \
    --seed 0 --engine "$engine" --no-progress --data_dir "$out/d$i" --exp_name r > "$out/log$i" 2>&1 \
    && touch "$out/ok$i" \
    || echo "run $i failed: $(grep -m1 -E 'diverged|Exception|Error' "$out/log$i" || tail -n 1 "$out/log$i")"
done
python3 - "$out" "$n" "$algo" "$engine" <<'PY'
import glob, sys
out, n, algo, engine = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
seen = {}
for i in range(n):
    files = glob.glob(f"{out}/d{i}/r/r_s0/progress.txt")
    if not files or not glob.glob(f"{out}/ok{i}"):
        continue
    rows = [l.rstrip("\n").split("\t") for l in open(files[0])]
    keep = [k for k, h in enumerate(rows[0]) if "Time" not in h and h != "StepsPerSecond"]
    key = "\n".join("\t".join(r[k] for k in keep if k < len(r)) for r in rows)
    seen.setdefault(key, []).append(i)
finished = sum(len(v) for v in seen.values())
print(f"{algo} on {engine}: {n} runs, {finished} finished, {len(seen)} distinct progress.txt"
      + (" (reproducible)" if len(seen) == 1 and finished == n else ""))
PY
