"""Records episodes of Gymnasium's own MuJoCo envs, in the format of the reference files.

Usage: python3 record_gymnasium_episodes.py GYMNASIUM_SRC SHIM_SO OUT_DIR MAX_STEPS ENV_ID...
       python3 record_gymnasium_episodes.py GYMNASIUM_SRC SHIM_SO OUT_FILE MAX_STEPS --kwargs SPEC...

The first form writes OUT_DIR/ENV_ID.jsonl.gz (seeds 0 and 1, default kwargs). The second writes
one file with an episode (seed 5) per SPEC, `ENV_ID:JSON_KWARGS`; in the JSON, lists stand for
tuples and the strings "Infinity"/"-Infinity" for infinities.

GYMNASIUM_SRC is a checkout of Gymnasium 1.4.0 (the directory holding the `gymnasium` package);
SHIM_SO is gymbridge's MuJoCo shim (gbmujoco.c) compiled against libmujoco 2.2.2. A minimal
`mujoco` module over the shim (ctypes) stands in for MuJoCo's Python bindings: models, data
arrays as NumPy views of mjModel/mjData, mj_step, mj_forward, mj_resetData, mj_rnePostConstraint.
Rendering is stubbed out (never used). Array-valued info terms (live views of mjData in
Gymnasium) are copied when reset or step returns them.
"""

import ctypes
import gzip
import hashlib
import json
import math
import os
import platform
import sys
import types

import numpy as np

SRC, SHIM, OUT, CAP = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
IDS = sys.argv[5:]
KWARGS_MODE = IDS[:1] == ["--kwargs"]

lib = ctypes.CDLL(os.path.abspath(SHIM))
vp, cp, ip = ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)
lib.gb_init.argtypes = [ip]
lib.gb_last_error.restype = cp
lib.gb_load_xml.argtypes = [cp, ctypes.POINTER(vp)]
lib.gb_make_data.argtypes = [vp, ctypes.POINTER(vp)]
for f in ("gb_step",):
    getattr(lib, f).argtypes = [vp, vp, ctypes.c_int]
for f in ("gb_forward", "gb_rne_post_constraint", "gb_reset_data"):
    getattr(lib, f).argtypes = [vp, vp]
lib.gb_name2id.argtypes = [vp, ctypes.c_int, cp]
lib.gb_model_int.argtypes = [vp, cp]
lib.gb_model_field.argtypes = [vp, cp, ip, ip, ip]
lib.gb_model_field.restype = vp
lib.gb_data_field.argtypes = [vp, vp, cp, ip, ip, ip]
lib.gb_data_field.restype = vp
lib.gb_option_float.argtypes = [vp, cp]
lib.gb_option_float.restype = ctypes.POINTER(ctypes.c_double)
lib.gb_time.argtypes = [vp]
lib.gb_time.restype = ctypes.POINTER(ctypes.c_double)
lib.gb_warning_count.restype = ctypes.c_long
header = ctypes.c_int()
VERSION = lib.gb_init(ctypes.byref(header))
CTYPES = {0: ctypes.c_double, 1: ctypes.c_int, 2: ctypes.c_float, 3: ctypes.c_uint8}


def check(status, what):
    if status != 0:
        raise RuntimeError(what + ": " + lib.gb_last_error().decode())


def view(ptr, rows, cols, typ):
    n = rows * cols
    if n == 0 or not ptr:
        a = np.zeros(0, dtype=np.dtype(CTYPES.get(typ, ctypes.c_double)))
    else:
        a = np.ctypeslib.as_array(ctypes.cast(ptr, ctypes.POINTER(CTYPES[typ])), shape=(n,))
    return a if cols == 1 else a.reshape(rows, cols)


class _Vis:
    class _G:
        offwidth = 640
        offheight = 480

    global_ = _G()


class _Opt:
    def __init__(self, m):
        self._m = m

    def __getattr__(self, name):
        p = lib.gb_option_float(self._m, name.encode())
        if not p:
            raise AttributeError(name)
        return p[0]


class MjModel:
    def __init__(self, ptr):
        self._ptr = ptr
        self.opt = _Opt(ptr)
        self.vis = _Vis()

    @staticmethod
    def from_xml_path(path):
        m = vp()
        check(lib.gb_load_xml(path.encode(), ctypes.byref(m)), "mj_loadXML " + path)
        return MjModel(m)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        n = lib.gb_model_int(self._ptr, name.encode())
        if n >= 0:
            return n
        r, c, t = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        p = lib.gb_model_field(self._ptr, name.encode(), r, c, t)
        if not p and r.value != 0:
            raise AttributeError(name)
        return view(p, r.value, c.value, t.value)


class _Body:
    def __init__(self, data, i):
        self._data, self._i = data, i
        self.id = i

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._data, name)[self._i]


class MjData:
    def __init__(self, model):
        d = vp()
        check(lib.gb_make_data(model._ptr, ctypes.byref(d)), "mj_makeData")
        object.__setattr__(self, "_m", model)
        object.__setattr__(self, "_ptr", d)
        object.__setattr__(self, "_views", {})

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "time":
            return lib.gb_time(self._ptr)[0]
        if name not in self._views:
            r, c, t = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
            p = lib.gb_data_field(self._m._ptr, self._ptr, name.encode(), r, c, t)
            if not p and r.value != 0:
                raise AttributeError(name)
            self._views[name] = view(p, r.value, c.value, t.value)
        return self._views[name]

    def __setattr__(self, name, value):
        if name == "time":
            lib.gb_time(self._ptr)[0] = value
        else:
            getattr(self, name)[...] = value

    def body(self, key):
        i = key if isinstance(key, int) else lib.gb_name2id(self._m._ptr, 1, key.encode())
        if i < 0 or i >= self._m.nbody:
            raise KeyError(key)
        return _Body(self, i)


def mj_step(m, d, nstep=1):
    check(lib.gb_step(m._ptr, d._ptr, nstep), "mj_step")


def mj_forward(m, d):
    check(lib.gb_forward(m._ptr, d._ptr), "mj_forward")


def mj_resetData(m, d):
    check(lib.gb_reset_data(m._ptr, d._ptr), "mj_resetData")


def mj_rnePostConstraint(m, d):
    check(lib.gb_rne_post_constraint(m._ptr, d._ptr), "mj_rnePostConstraint")


fake = types.ModuleType("mujoco")
fake.__version__ = "%d.%d.%d" % (VERSION // 100, VERSION // 10 % 10, VERSION % 10)
for name, obj in list(globals().items()):
    if name in ("MjModel", "MjData") or name.startswith("mj_"):
        setattr(fake, name, obj)
sys.modules["mujoco"] = fake

rendering = types.ModuleType("gymnasium.envs.mujoco.mujoco_rendering")


class MujocoRenderer:
    def __init__(self, *args, **kwargs):
        pass

    def close(self):
        pass


rendering.MujocoRenderer = MujocoRenderer
sys.modules["gymnasium.envs.mujoco.mujoco_rendering"] = rendering
for missing in ("farama_notifications",):
    try:
        __import__(missing)
    except ImportError:
        stub = types.ModuleType(missing)
        stub.notifications = {}
        sys.modules[missing] = stub

sys.path.insert(0, os.path.abspath(SRC))
import gymnasium  # noqa: E402


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def arr(a):
    return [num(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def value(v):
    if isinstance(v, np.ndarray):
        return arr(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return num(v)


def python_kwargs(kwargs):
    def convert(v):
        if isinstance(v, list):
            return tuple(convert(x) for x in v)
        if v in ("Infinity", "-Infinity"):
            return float(v.replace("Infinity", "inf"))
        return v

    return {k: convert(v) for k, v in kwargs.items()}


def record(env_id, kwargs=None, seeds=(0, 1), cap=CAP, action_seed=3):
    rng = np.random.default_rng(action_seed)
    lines = []
    for seed in seeds:
        env = gymnasium.make(env_id, **python_kwargs(kwargs or {}))
        u = env.unwrapped
        m, d = u.model, u.data
        captured = {}
        original = u.set_state

        def set_state(qpos, qvel, original=original):
            captured["qpos"], captured["qvel"] = np.copy(qpos), np.copy(qvel)
            original(qpos, qvel)

        u.set_state = set_state
        obs, info = env.reset(seed=seed)
        low, high = env.action_space.low, env.action_space.high
        xml = u.fullpath
        with open(xml, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        e = {
            "env_id": env_id,
            "kwargs": kwargs or {},
            "gymnasium_version": gymnasium.__version__,
            "mujoco_version": fake.__version__,
            "mujoco_impl": "ctypes stand-in over gymbridge's gbmujoco.c shim and libmujoco.so.2.2.2",
            "numpy_version": np.__version__,
            "numpy_promotion": "weak",
            "python_version": platform.python_version(),
            "model_xml": os.path.basename(xml),
            "model_xml_sha256": sha,
            "frame_skip": u.frame_skip,
            "timestep": m.opt.timestep,
            "dt": u.dt,
            "nq": m.nq,
            "nv": m.nv,
            "nu": m.nu,
            "na": m.na,
            "nbody": m.nbody,
            "max_episode_steps": env.spec.max_episode_steps,
            "action_seed": action_seed,
            "action_low": arr(low),
            "action_high": arr(high),
            "obs_dtype": str(np.asarray(obs).dtype),
            "info_arrays": "copied when reset or step returned",
            "seed": seed,
            "reset_obs": arr(obs),
            "reset_info": {k: value(v) for k, v in info.items()},
            "reset_set_qpos": arr(captured["qpos"]),
            "reset_set_qvel": arr(captured["qvel"]),
            "reset_qpos": arr(d.qpos),
            "reset_qvel": arr(d.qvel),
            "reset_act": arr(d.act),
            "reset_qacc_warmstart": arr(d.qacc_warmstart),
            "reset_time": d.time,
        }
        steps, end = [], "cap"
        for t in range(cap):
            action = rng.uniform(low, high).astype(np.float32)
            obs, reward, terminated, truncated, info = env.step(action)
            steps.append(
                {
                    "t": t,
                    "action": arr(action),
                    "obs": arr(obs),
                    "reward": num(reward),
                    "terminated": bool(terminated),
                    "truncated": bool(truncated),
                    "info": {k: value(v) for k, v in info.items()},
                    "qpos": arr(d.qpos),
                    "qvel": arr(d.qvel),
                    "qacc_warmstart": arr(d.qacc_warmstart),
                    "time": d.time,
                }
            )
            if terminated or truncated:
                end = "terminated" if terminated else "truncated"
                break
        e["n_steps"] = len(steps)
        e["end"] = end
        e["steps"] = steps
        lines.append(json.dumps(e, separators=(",", ":")))
        env.close()
    return lines


def write(path, lines):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode())
    print(path, [json.loads(x)["n_steps"] for x in lines])


if KWARGS_MODE:
    out = []
    for spec in IDS[1:]:
        env_id, _, text = spec.partition(":")
        out += record(env_id, json.loads(text), seeds=(5,))
    write(OUT, out)
else:
    for env_id in IDS:
        write(os.path.join(OUT, env_id + ".jsonl.gz"), record(env_id))
