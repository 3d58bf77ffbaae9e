"""The Gymnasium-API test envs are what they claim: CartPole-v1 and Pendulum-v1 step exactly as
Gymnasium 1.4.0's (reference digests recorded from real Gymnasium, checked without it; and a
direct comparison where Gymnasium is importable), seeded as gymnasium.utils.seeding does."""

import hashlib
import unittest

from _support import GYMNASIUM_HINT, has_gymnasium, require_dependencies

require_dependencies()

import numpy as np  # noqa: E402

import gym_api_envs  # noqa: E402
import gymbridge_server  # noqa: E402
from gymbridge_server import spaces  # noqa: E402


def cartpole_actions():
    return [int(x) for x in np.random.default_rng(0).integers(0, 2, 600)]


def pendulum_actions():
    rng = np.random.default_rng(0)
    rng.integers(0, 2, 600)  # the same stream as recorded: CartPole's actions came first
    return [np.array([x], np.float32) for x in rng.uniform(-3, 3, 450)]


def trajectory(env, seed, actions):
    """SHA-256 over observations, rewards and flags (autoresetting), and the first 3 obs."""
    o, _ = env.reset(seed=seed)
    digest = hashlib.sha256(o.tobytes())
    first = [o]
    for a in actions:
        o, r, terminated, truncated, _ = env.step(a)
        digest.update(o.tobytes())
        digest.update(np.float64(r).tobytes())
        digest.update(bytes([terminated, truncated]))
        if len(first) < 3:
            first.append(o)
        if terminated or truncated:
            o, _ = env.reset()
            digest.update(o.tobytes())
    return digest.hexdigest(), first


class ReferenceTrajectoryTest(unittest.TestCase):
    """Digests recorded with gymnasium 1.4.0 (gymnasium.make, same seeds and actions)."""

    def test_cartPole_matchesGymnasium140(self):
        digest, first = trajectory(gymbridge_server.REGISTRY.make("CartPole-v1"), 42,
                                   cartpole_actions())
        np.testing.assert_array_equal(
            first[0], np.array([0.027395604, -0.006112156, 0.035859793, 0.019736802], np.float32))
        np.testing.assert_array_equal(
            first[2], np.array([0.031042915, 0.38306385, 0.031026132, -0.5424507], np.float32))
        self.assertEqual(digest,
                         "40a8554d308d38998f0176ed00fbb6dcd52024c1cf5884dbb4aff70e39c2831d")

    def test_pendulum_matchesGymnasium140(self):
        digest, first = trajectory(gymbridge_server.REGISTRY.make("Pendulum-v1"), 7,
                                   pendulum_actions())
        np.testing.assert_array_equal(first[0],
                                      np.array([0.7066825, 0.7075308, 0.7944276], np.float32))
        self.assertEqual(digest,
                         "ab9524907f2b4858d3552f15be85b8aa6f3307ff4f54d271d450c506b443a403")

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

        for env_id, actions in [("CartPole-v1", cartpole_actions()[:300]),
                                ("Pendulum-v1", pendulum_actions()[:250])]:
            ours = gymbridge_server.REGISTRY.make(env_id)
            theirs = gymnasium.make(env_id)
            self.assertEqual(spaces.from_env_space(ours.observation_space),
                             spaces.from_env_space(theirs.observation_space))
            self.assertEqual(spaces.from_env_space(ours.action_space),
                             spaces.from_env_space(theirs.action_space))
            for seed in [0, 1, 2, 99, 2**31, 2**63 - 1]:
                with self.subTest(env_id=env_id, seed=seed):
                    self.assertEqual(trajectory(ours, seed, actions)[0],
                                     trajectory(theirs, seed, actions)[0])


if __name__ == "__main__":
    unittest.main()
