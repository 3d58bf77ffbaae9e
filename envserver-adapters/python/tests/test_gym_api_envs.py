"""The Gymnasium-API test envs are what they claim: the five classic-control envs (CartPole-v1,
Pendulum-v1, MountainCar-v0, MountainCarContinuous-v0, Acrobot-v1) step as Gymnasium 1.4.0's,
checked against the episodes Gymnasium 1.4.0 itself recorded (the Java port's reference files,
checked without Gymnasium), seeded as gymnasium.utils.seeding does, and compared directly with
real Gymnasium where it is importable.

Why tolerances and not digests: NumPy picks its SIMD kernels for sin, cos and the like by CPU at
run time (and glibc's libm has FMA variants), so float64 results of the dynamics can differ in the
last bit between the machine that recorded the episodes and the one running the tests; a hash over
exact bytes then differs too. Exact equality stays where the arithmetic is exact by construction:
the seeded generator's draws (reset states) and the float32 casts of them, flags and the constant
rewards of CartPole, MountainCar and Acrobot. ``NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX"`` (or ``"AVX2 FMA3"``) shows
on one machine what another computes.
"""

import hashlib
import json
import os
import unittest

from _support import ADAPTER, GYMNASIUM_HINT, has_gymnasium, require_dependencies

require_dependencies()

import numpy as np  # noqa: E402

import gym_api_envs  # noqa: E402
import gymbridge_server  # noqa: E402
from gymbridge_server import spaces  # noqa: E402

# Recorded by Gymnasium 1.4.0 with NumPy 1.24 (see the README beside them); shared with the Java
# classic-control tests, so both ports are judged by the same data.
REFERENCE_DIR = os.path.join(os.path.dirname(ADAPTER), "classic-control", "src", "test",
                             "resources", "gymnasium-1.4.0")

# Teacher-forced state: one step of float64 arithmetic, a last-bit difference in sin/cos allowed.
STATE_RTOL, STATE_ATOL = 1e-12, 1e-15
# Open-loop replays grow a last-bit difference slowly over their first steps; compared that far.
OPEN_LOOP_STEPS, OPEN_LOOP_RTOL = 50, 1e-9
# MountainCarContinuous-v0 keeps its state as float32 (Gymnasium stores it so after each step): a
# last-bit difference of the float64 arithmetic can round to the neighbouring float32, one float32
# ulp (about 6e-8 relative) apart; its states are compared within one float32 ulp teacher-forced
# and within this open-loop.
FLOAT32_STATE_OPEN_LOOP_RTOL = 1e-6

DISCRETE_ACTIONS = ("CartPole-v1", "MountainCar-v0", "Acrobot-v1")
# The envs whose state is a float32 array after a step.
FLOAT32_STATE = ("MountainCarContinuous-v0",)
# Rewards that do not depend on the state's arithmetic: compared exactly.
CONSTANT_REWARDS = ("CartPole-v1", "MountainCar-v0", "Acrobot-v1")
# Reset observations that are float32 casts of the drawn state (exact); the others take the cos
# and sin of drawn angles (within one float32 ulp).
RESET_OBS_IS_STATE_CAST = ("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0")


def reference_episodes(env_id):
    path = os.path.join(REFERENCE_DIR, env_id + ".jsonl")
    if not os.path.exists(path):
        raise AssertionError(f"missing reference episodes {path} (part of this repository)")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def action_of(env_id, recorded):
    return int(recorded) if env_id in DISCRETE_ACTIONS else np.array(recorded, np.float32)


def assert_close(test, expected, actual, rtol, where):
    expected, actual = np.asarray(expected, np.float64), np.asarray(actual, np.float64)
    test.assertEqual(expected.shape, actual.shape, where)
    tol = np.maximum(rtol * np.abs(expected), STATE_ATOL)
    bad = np.flatnonzero(~(np.abs(actual - expected) <= tol))
    if bad.size:
        i = bad[0]
        test.fail(f"{where}[{i}]: expected {expected[i]!r}, got {actual[i]!r} (rtol {rtol})")


def assert_within_one_float32_ulp(test, expected, actual, where):
    expected = np.asarray(expected, np.float32)
    actual = np.asarray(actual, np.float32)
    test.assertEqual(expected.shape, actual.shape, where)
    bad = np.flatnonzero(~(np.abs(actual - expected) <= np.spacing(np.abs(expected))))
    if bad.size:
        i = bad[0]
        test.fail(f"{where}[{i}]: expected {expected[i]!r}, got {actual[i]!r} (one float32 ulp)")


def cartpole_actions():
    return [int(x) for x in np.random.default_rng(0).integers(0, 2, 600)]


def pendulum_actions():
    rng = np.random.default_rng(0)
    rng.integers(0, 2, 600)
    return [np.array([x], np.float32) for x in rng.uniform(-3, 3, 450)]


def three_actions():
    return [int(x) for x in np.random.default_rng(1).integers(0, 3, 600)]


def mountain_car_continuous_actions():
    return [np.array([x], np.float32) for x in np.random.default_rng(2).uniform(-1.2, 1.2, 600)]


def trajectory_digest(env, seed, actions):
    """SHA-256 over observations, rewards and flags (autoresetting): for comparing two envs on the
    same machine only, where the same NumPy kernels compute both."""
    o, _ = env.reset(seed=seed)
    digest = hashlib.sha256(o.tobytes())
    for a in actions:
        o, r, terminated, truncated, _ = env.step(a)
        digest.update(o.tobytes())
        digest.update(np.float64(r).tobytes())
        digest.update(bytes([terminated, truncated]))
        if terminated or truncated:
            o, _ = env.reset()
            digest.update(o.tobytes())
    return digest.hexdigest()


class ReferenceEpisodesTest(unittest.TestCase):
    """Our five envs against Gymnasium 1.4.0's recorded episodes (5 seeds each, every episode
    run to its end, so each TimeLimit's truncation step is compared too)."""

    ENV_IDS = ("CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0",
               "Acrobot-v1")

    def test_reset_seeded_matchesReferenceExactly(self):
        for env_id in self.ENV_IDS:
            for episode in reference_episodes(env_id):
                where = f"{env_id} seed {episode['seed']}"
                env = gymbridge_server.REGISTRY.make(env_id)
                obs, _ = env.reset(seed=episode["seed"])
                # Uniform draws of the seeded generator: exact by construction.
                np.testing.assert_array_equal(env.unwrapped.state, episode["reset_state"], where)
                if env_id in RESET_OBS_IS_STATE_CAST:  # a float32 cast of the draws, exact too
                    np.testing.assert_array_equal(obs, np.float32(episode["reset_obs"]), where)
                else:  # cos and sin of the drawn angles
                    assert_within_one_float32_ulp(self, episode["reset_obs"], obs, where)

    def test_step_teacherForced_matchesEveryReferenceStep(self):
        compared = 0
        for env_id in self.ENV_IDS:
            for episode in reference_episodes(env_id):
                env = gymbridge_server.REGISTRY.make(env_id)  # TimeLimit counts the steps
                env.reset(seed=episode["seed"])
                before = episode["reset_state"]
                for i, expected in enumerate(episode["steps"]):
                    where = f"{env_id} seed {episode['seed']} step {i}"
                    env.unwrapped.state = np.array(before, np.float64)
                    obs, reward, terminated, truncated, _ = env.step(
                        action_of(env_id, expected["action"]))
                    state = np.asarray(env.unwrapped.state, np.float64)
                    if env_id in FLOAT32_STATE:
                        self.assertEqual(np.float32, env.unwrapped.state.dtype, where)
                        assert_within_one_float32_ulp(self, expected["state"], state,
                                                      where + " state")
                    else:
                        assert_close(self, expected["state"], state, STATE_RTOL, where + " state")
                    assert_within_one_float32_ulp(self, expected["obs"], obs, where + " obs")
                    if env_id in CONSTANT_REWARDS:
                        self.assertEqual(expected["reward"], reward, where + " reward")
                    else:  # sums of squares of the computed state or of the action
                        assert_close(self, [expected["reward"]], [reward], STATE_RTOL,
                                     where + " reward")
                    self.assertEqual((expected["terminated"], expected["truncated"]),
                                     (terminated, truncated), where + " flags")
                    before = expected["state"]
                    compared += 1
        self.assertGreater(compared, 10000)

    def test_step_openLoop_matchesFirstReferenceSteps(self):
        for env_id in self.ENV_IDS:
            for episode in reference_episodes(env_id):
                env = gymbridge_server.REGISTRY.make(env_id)
                env.reset(seed=episode["seed"])
                steps = episode["steps"]
                for i, expected in enumerate(steps[:OPEN_LOOP_STEPS]):
                    where = f"{env_id} seed {episode['seed']} open-loop step {i}"
                    _, _, terminated, truncated, _ = env.step(action_of(env_id, expected["action"]))
                    state = np.asarray(env.unwrapped.state, np.float64)
                    rtol = (FLOAT32_STATE_OPEN_LOOP_RTOL if env_id in FLOAT32_STATE
                            else OPEN_LOOP_RTOL)
                    assert_close(self, expected["state"], state, rtol, where + " state")
                    self.assertEqual((expected["terminated"], expected["truncated"]),
                                     (terminated, truncated), where + " flags")

    def test_seeding_isGymnasiumsNpRandom(self):
        rng = gym_api_envs.np_random(123)
        expected = np.random.Generator(np.random.PCG64(np.random.SeedSequence(123)))
        self.assertEqual(rng.random(), expected.random())
        with self.assertRaises(ValueError):
            gym_api_envs.np_random(-1)


class TestEnvsTest(unittest.TestCase):
    def test_cartPole_timeLimitTruncatesAt500_andRendersAFrame(self):
        env = gymbridge_server.REGISTRY.make("CartPole-v1", render_mode="rgb_array")
        env.reset(seed=0)
        frame = env.render()
        self.assertEqual((frame.dtype, frame.shape), (np.uint8, (400, 600, 3)))
        env.unwrapped.state = np.zeros(4)
        for t in range(1, 501):
            env.unwrapped.state = np.zeros(4)  # keep it balanced
            _, _, terminated, truncated, _ = env.step(t % 2)
        self.assertEqual((terminated, truncated), (False, True))

    def test_spaceZoo_spacesAreReadAndSamplesFit(self):
        env = gym_api_envs.SpaceZooEnv()
        observation, info = env.reset(seed=0)
        space = spaces.from_env_space(env.observation_space)
        self.assertIsNotNone(space)
        self.assertEqual(info, {"reset": True, "options": None})
        action = env.action_space.sample(np.random.default_rng(0))
        self.assertIsNone(spaces.from_env_space(env.action_space).action_mismatch(
            {k: np.asarray(v) if not isinstance(v, (str, tuple)) else v
             for k, v in action.items()}))

    def test_exploding(self):
        env = gym_api_envs.ExplodingEnv()
        env.reset()
        self.assertEqual(env.step(0)[1], 1.0)
        with self.assertRaisesRegex(RuntimeError, "kaboom"):
            env.step(1)
        with self.assertRaisesRegex(RuntimeError, "constructor failed on purpose"):
            gym_api_envs.ExplodingEnv(fail_on_make=True)


@unittest.skipUnless(has_gymnasium(), GYMNASIUM_HINT)
class AgainstRealGymnasiumTest(unittest.TestCase):
    def test_sameSpacesAndTrajectories_forManySeeds(self):
        import gymnasium

        cases = [("CartPole-v1", cartpole_actions()[:300]),
                 ("Pendulum-v1", pendulum_actions()[:250]),
                 ("MountainCar-v0", three_actions()[:250]),
                 ("Acrobot-v1", three_actions()[:300])]
        if np.lib.NumpyVersion(np.__version__) < "2.0.0":
            # Under NumPy 2 Gymnasium's own code steps this env in float32 (NEP 50); the
            # reference episodes, the Java port and ours step it in float64, as NumPy 1.x does.
            cases.append(("MountainCarContinuous-v0", mountain_car_continuous_actions()[:300]))
        for env_id, actions in cases:
            ours = gymbridge_server.REGISTRY.make(env_id)
            theirs = gymnasium.make(env_id)
            self.assertEqual(spaces.from_env_space(ours.observation_space),
                             spaces.from_env_space(theirs.observation_space))
            self.assertEqual(spaces.from_env_space(ours.action_space),
                             spaces.from_env_space(theirs.action_space))
            for seed in [0, 1, 2, 99, 2**31, 2**63 - 1]:
                with self.subTest(env_id=env_id, seed=seed):
                    # Same machine, same NumPy kernels: exact equality is right here.
                    self.assertEqual(trajectory_digest(ours, seed, actions),
                                     trajectory_digest(theirs, seed, actions))


if __name__ == "__main__":
    unittest.main()
