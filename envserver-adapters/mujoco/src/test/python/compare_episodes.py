"""Compares episode files of the same ids field by field, exactly.

Usage: python3 compare_episodes.py REFERENCE_DIR OTHER_DIR ENV_ID...

Prints, per episode, the number of differing values and the first few. Metadata fields (NumPy
and Python versions, the MuJoCo stand-in's name) are skipped. Array-valued info terms that the
reference recorded as live mjData views (every step holding the episode's last values) are
compared at the last step only.
"""

import gzip
import json
import sys

META = {"mujoco_impl", "numpy_version", "python_version", "action_rng", "reward_types",
        "mujoco_warnings", "warning_counts", "info_arrays"}
ALIASED = {"tendon_length", "tendon_velocity"}


def load(path):
    return [json.loads(line) for line in gzip.open(path, "rt") if line.strip()]


def compare(a, b, where, diffs):
    if isinstance(a, dict):
        if list(a) != list(b):
            diffs.append((where, "keys", list(a), list(b)))
            return
        for k in a:
            compare(a[k], b[k], where + "." + k, diffs)
    elif isinstance(a, list):
        if len(a) != len(b):
            diffs.append((where, "length", len(a), len(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, "%s[%d]" % (where, i), diffs)
    elif a != b:
        diffs.append((where, a, b))


def main(ref_dir, other_dir, ids):
    for env_id in ids:
        ref = load("%s/%s.jsonl.gz" % (ref_dir, env_id))
        other = load("%s/%s.jsonl.gz" % (other_dir, env_id))
        for er, eo in zip(ref, other):
            diffs = []
            n = len(er["steps"])
            for k in er:
                if k in META:
                    continue
                if k not in eo:
                    diffs.append((k, "missing"))
                elif k == "steps":
                    if n != len(eo["steps"]):
                        diffs.append(("steps", "length", n, len(eo["steps"])))
                    for i, (sr, so) in enumerate(zip(er["steps"], eo["steps"])):
                        sr, so = dict(sr), dict(so)
                        ir, io = dict(sr.pop("info")), dict(so.pop("info"))
                        for key in ALIASED & set(ir) & set(io):
                            if i != n - 1:
                                ir.pop(key)
                                io.pop(key)
                        compare(sr, so, "step%d" % i, diffs)
                        compare(ir, io, "step%d.info" % i, diffs)
                elif k == "reset_info":
                    ir, io = dict(er[k]), dict(eo[k])
                    for key in ALIASED & set(ir) & set(io):
                        ir.pop(key)
                        io.pop(key)
                    compare(ir, io, k, diffs)
                else:
                    compare(er[k], eo[k], k, diffs)
            print(env_id, "seed", er["seed"], "steps", n, "differing values", len(diffs), diffs[:4])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
