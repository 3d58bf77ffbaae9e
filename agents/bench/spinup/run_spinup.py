#!/usr/bin/python3
"""Run OpenAI Spinning Up's own PyTorch algorithms on Gymnasium envs (benchmark reference).

Spinning Up (github.com/openai/spinningup) is NOT vendored here; it is imported from
SPINUP_SRC (see env.sh). This file only contains our adapter:

  * a ``gym`` stand-in module (old gym API over gymnasium): ``gym.make`` returns an
    env whose ``reset()`` returns obs only and whose ``step()`` returns the 4-tuple
    ``(obs, reward, terminated or truncated, info)``; ``gym.spaces`` is
    ``gymnasium.spaces`` (spinup does ``from gym.spaces import Box, Discrete``).
  * an empty ``tensorflow`` stand-in (spinup/utils/logx.py imports it at module level
    but only uses it for TF model saving, never called by the PyTorch algorithms).
  * the ``spinup`` package is registered without executing spinup/__init__.py (which
    imports every TF1 algorithm); the PyTorch algorithm modules are imported directly.

Usage:
  run_spinup.py ALGO ENV --epochs N --steps_per_epoch N --seed S \
      [--start_steps N --update_after N] --out DIR
  run_spinup.py --check      # verify imports only
"""
import argparse
import os
import sys
import time
import types

ALGOS = ("ppo", "vpg", "sac", "td3", "ddpg")
OFF_POLICY = ("sac", "td3", "ddpg")


def _find_spinup_src():
    src = os.environ.get("SPINUP_SRC", "/work/spinup-src")
    if os.path.isdir(os.path.join(src, "spinup")):
        return src
    for p in sys.path:  # also accept spinup already on PYTHONPATH
        if p and os.path.isdir(os.path.join(p, "spinup", "algos", "pytorch")):
            return p
    raise ImportError("spinup source not found (set SPINUP_SRC to the dir containing spinup/)")


class OldGymEnv:
    """Old-gym-API view of a gymnasium env, as Spinning Up expects.

    Seeding: Spinning Up's PyTorch algos never call env.seed(); they only seed torch and
    numpy. To make runs reproducible we seed the gymnasium env on its FIRST reset with
    ``seed`` (later resets continue the env's own RNG) and seed action_space (used by
    SAC/TD3/DDPG for uniform random exploration during start_steps) with the same seed.
    """

    def __init__(self, env, seed=None):
        self.env = env
        self.observation_space = env.observation_space
        self.action_space = env.action_space
        self.spec = env.spec
        self._seed = seed
        self._first_reset = True
        if seed is not None:
            self.action_space.seed(seed)

    def seed(self, seed=None):  # old gym API, not called by spinup's pytorch algos
        self._seed = seed
        self._first_reset = True
        self.action_space.seed(seed)
        return [seed]

    def reset(self):
        if self._first_reset:
            self._first_reset = False
            obs, _ = self.env.reset(seed=self._seed)
        else:
            obs, _ = self.env.reset()
        return obs

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        # Old gym's TimeLimit reported done=True at the time limit too; keep that.
        return obs, float(reward), bool(terminated or truncated), info

    def render(self, *a, **k):
        return self.env.render()

    def close(self):
        self.env.close()

    def __getattr__(self, name):
        if name.startswith("__") or name == "env":
            raise AttributeError(name)
        return getattr(self.env, name)


def install_standins():
    """Register gym/tensorflow stand-ins and the spinup package (without its __init__)."""
    import gymnasium
    import gymnasium.spaces

    if "gym" not in sys.modules:
        gym = types.ModuleType("gym")
        gym.spaces = gymnasium.spaces
        gym.make = lambda env_id, **kw: OldGymEnv(gymnasium.make(env_id, **kw))
        gym.Env = gymnasium.Env
        sys.modules["gym"] = gym
        sys.modules["gym.spaces"] = gymnasium.spaces
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = types.ModuleType("tensorflow")  # empty on purpose
    if "spinup" not in sys.modules:
        src = _find_spinup_src()
        pkg = types.ModuleType("spinup")
        pkg.__path__ = [os.path.join(src, "spinup")]
        pkg.__file__ = os.path.join(src, "spinup", "__init__.py")
        sys.modules["spinup"] = pkg


def load_algo(name):
    install_standins()
    import importlib
    mod = importlib.import_module("spinup.algos.pytorch.%s.%s" % (name, name))
    return getattr(mod, name)


def make_env_fn(env_id, seed):
    """env_fn for spinup: the k-th env created (SAC/TD3/DDPG make env then test_env)
    is seeded with seed + k * 1000."""
    import gymnasium
    count = [0]

    def env_fn():
        k = count[0]
        count[0] += 1
        return OldGymEnv(gymnasium.make(env_id), seed=seed + 1000 * k)
    return env_fn


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--check":
        for a in ALGOS:
            load_algo(a)
        import torch, scipy, mpi4py, gymnasium  # noqa: F401
        print("ok: torch %s, gymnasium %s, spinup from %s"
              % (torch.__version__, gymnasium.__version__, sys.modules["spinup"].__path__[0]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("algo", choices=ALGOS)
    p.add_argument("env")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--steps_per_epoch", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start_steps", type=int, default=None, help="sac/td3/ddpg only")
    p.add_argument("--update_after", type=int, default=None, help="sac/td3/ddpg only")
    p.add_argument("--out", required=True, help="output dir (progress.txt, config.json)")
    p.add_argument("--exp_name", default=None, help="default: ALGO-ENV")
    args = p.parse_args(argv)

    algo = load_algo(args.algo)
    kwargs = dict(seed=args.seed, epochs=args.epochs, steps_per_epoch=args.steps_per_epoch,
                  logger_kwargs=dict(output_dir=args.out,
                                     exp_name=args.exp_name or "%s-%s" % (args.algo, args.env)))
    for k in ("start_steps", "update_after"):
        v = getattr(args, k)
        if v is not None:
            if args.algo not in OFF_POLICY:
                p.error("--%s only applies to %s" % (k, "/".join(OFF_POLICY)))
            kwargs[k] = v
    # With one process spinup's MPI helpers are no-ops (mpi_fork is only called from
    # spinup's own __main__ blocks, not needed here); setup_pytorch_for_mpi() inside
    # ppo/vpg keeps torch's thread count as is for 1 process.
    t0 = time.time()
    algo(make_env_fn(args.env, args.seed), **kwargs)
    print("run_spinup: %s %s done in %.1f s -> %s"
          % (args.algo, args.env, time.time() - t0, os.path.join(args.out, "progress.txt")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
