# Source me:  . agents/bench/spinup/env.sh
# Sets PYTHONPATH for running OpenAI Spinning Up (PyTorch) with /usr/bin/python3 over
# Gymnasium, then checks the imports. Override source locations with GYMNASIUM_SRC / SPINUP_SRC.
_SPINUP_BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
export GYMNASIUM_SRC="${GYMNASIUM_SRC:-/work/gymnasium-src}"
export SPINUP_SRC="${SPINUP_SRC:-/work/spinup-src}"
export SPINUP_PY="${SPINUP_PY:-/usr/bin/python3}"
export PYTHONPATH="$GYMNASIUM_SRC:$GYMNASIUM_SRC/_standins:$SPINUP_SRC:$_SPINUP_BENCH_DIR${PYTHONPATH:+:$PYTHONPATH}"

_spinup_missing=""
for _m in torch scipy mpi4py joblib psutil tqdm; do
  "$SPINUP_PY" -c "import $_m" >/dev/null 2>&1 || _spinup_missing="$_spinup_missing $_m"
done
if [ -n "$_spinup_missing" ]; then
  echo "spinup bench: $SPINUP_PY cannot import:$_spinup_missing" >&2
  echo "  fix (as root): apt-get update && apt-get install -y python3-torch python3-scipy python3-mpi4py python3-joblib python3-psutil python3-tqdm python3-matplotlib python3-pandas python3-seaborn python3-numpy python3-cloudpickle" >&2
fi
if ! "$SPINUP_PY" -c "import gymnasium" >/dev/null 2>&1; then
  echo "spinup bench: cannot import gymnasium from GYMNASIUM_SRC=$GYMNASIUM_SRC" >&2
  echo "  fix: fetch github:Farama-Foundation/Gymnasium, then" >&2
  echo "       mkdir -p \$GYMNASIUM_SRC && git --git-dir=<mirror> archive HEAD gymnasium | tar -x -C \$GYMNASIUM_SRC" >&2
  echo "       mkdir -p \$GYMNASIUM_SRC/_standins && touch \$GYMNASIUM_SRC/_standins/farama_notifications.py" >&2
  _spinup_missing="$_spinup_missing gymnasium"
fi
if [ ! -d "$SPINUP_SRC/spinup/algos/pytorch" ]; then
  echo "spinup bench: no spinup package at SPINUP_SRC=$SPINUP_SRC" >&2
  echo "  fix: fetch github:openai/spinningup, then" >&2
  echo "       mkdir -p \$SPINUP_SRC && git --git-dir=<mirror> archive HEAD spinup setup.py | tar -x -C \$SPINUP_SRC" >&2
  _spinup_missing="$_spinup_missing spinup"
elif [ -z "$_spinup_missing" ]; then
  if ! "$SPINUP_PY" "$_SPINUP_BENCH_DIR/run_spinup.py" --check; then
    echo "spinup bench: importing spinup's pytorch algos failed (see error above)" >&2
    _spinup_missing="$_spinup_missing spinup"
  fi
fi
[ -z "$_spinup_missing" ] && echo "spinup bench: ready; run: $SPINUP_PY $_SPINUP_BENCH_DIR/run_spinup.py ALGO ENV ..." >&2
unset _m _spinup_missing
