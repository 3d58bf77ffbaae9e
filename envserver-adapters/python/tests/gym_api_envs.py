"""Envs that follow Gymnasium's API to the letter without importing Gymnasium, for the tests of
gymbridge_server and for the Java contract tests against the Python server
(``python -m gymbridge_server --import gym_api_envs`` with this folder on PYTHONPATH).

Importing this module registers, with ``gymbridge_server.register``:

- ``CartPole-v1``: a faithful port of Gymnasium 1.x's ``classic_control/cartpole.py`` (same float64
  arithmetic in the same order, same spaces and seeding), so that a seed and an action sequence
  give the trajectory of Gymnasium's CartPole and of the bundled Java port; max_episode_steps 500,
  reward_threshold 475.
- ``Pendulum-v1``: the same for ``classic_control/pendulum.py`` (Box actions, kwarg ``g``);
  max_episode_steps 200.
- ``MountainCar-v0``, ``MountainCarContinuous-v0`` and ``Acrobot-v1``: the same for
  ``classic_control/mountain_car.py``, ``continuous_mountain_car.py`` and ``acrobot.py`` (its
  single RK4 step and the default ``book_or_nips = "book"`` dynamics); max_episode_steps 200, 999
  and 500, reward_threshold -110, 90 and -100.
- ``SpaceZoo-v0``: a Dict observation with a member of every space kind, a Dict action space, and
  infos holding every kind of info value.
- ``Exploding-v0``: ``step(1)`` raises RuntimeError("kaboom: ..."); ``fail_on_make=True`` makes the
  constructor raise.

The spaces are tiny stand-ins named and shaped as gymnasium.spaces (Box, Discrete, MultiDiscrete,
MultiBinary, Dict, Tuple, Text), which the server reads by class name and attributes. ``np_random``
is seeded exactly as ``gymnasium.utils.seeding.np_random`` does it, and every reset draws its
state from it as Gymnasium's does, so a seed gives Gymnasium's initial state bit for bit. The
dynamics call NumPy or ``math`` exactly where Gymnasium does; their last bit can still differ by
CPU, as Gymnasium's own do (see ``test_gym_api_envs.py``).
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

import gymbridge_server

# ---- seeding, as gymnasium.utils.seeding ----


def np_random(seed: Optional[int] = None) -> np.random.Generator:
    """``gymnasium.utils.seeding.np_random(seed)[0]``."""
    if seed is not None and not (isinstance(seed, int) and seed >= 0):
        raise ValueError(f"Seed must be a non-negative python integer, actual value: {seed!r}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))


# ---- spaces: stand-ins with gymnasium.spaces' names and attributes ----

ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class Box:
    def __init__(self, low, high, shape=None, dtype=np.float32):
        self.dtype = np.dtype(dtype)
        shape = tuple(shape) if shape is not None else np.shape(low if np.ndim(low) else high)
        self.shape = shape
        self.low = np.full(shape, low, dtype=self.dtype) if np.ndim(low) == 0 else np.asarray(
            low, dtype=self.dtype)
        self.high = np.full(shape, high, dtype=self.dtype) if np.ndim(high) == 0 else np.asarray(
            high, dtype=self.dtype)

    def contains(self, x) -> bool:
        x = np.asarray(x)
        return (x.shape == self.shape and np.can_cast(x.dtype, self.dtype)
                and bool(np.all(x >= self.low) and np.all(x <= self.high)))

    def sample(self, rng: np.random.Generator):
        low = np.where(np.isfinite(self.low), self.low, -1.0)
        high = np.where(np.isfinite(self.high), self.high, 1.0)
        return rng.uniform(low, high).astype(self.dtype)


class Discrete:
    def __init__(self, n: int, start: int = 0):
        self.n = np.int64(n)
        self.start = np.int64(start)
        self.shape = ()
        self.dtype = np.dtype(np.int64)

    def contains(self, x) -> bool:
        if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)):
            return bool(self.start <= x < self.start + self.n)
        return False

    def sample(self, rng: np.random.Generator):
        return np.int64(self.start + rng.integers(self.n))


class MultiDiscrete:
    def __init__(self, nvec, start=None):
        self.nvec = np.asarray(nvec, dtype=np.int64)
        self.start = np.zeros_like(self.nvec) if start is None else np.asarray(start, np.int64)
        self.shape = self.nvec.shape
        self.dtype = np.dtype(np.int64)

    def sample(self, rng: np.random.Generator):
        return (self.start + rng.integers(self.nvec)).astype(np.int64)


class MultiBinary:
    def __init__(self, n):
        self.n = n
        self.shape = tuple(np.atleast_1d(n))
        self.dtype = np.dtype(np.int8)

    def sample(self, rng: np.random.Generator):
        return rng.integers(0, 2, self.shape).astype(np.int8)


class Dict:
    def __init__(self, spaces: dict):
        self.spaces = dict(sorted(spaces.items()))  # Gymnasium sorts the keys of a mapping

    def sample(self, rng: np.random.Generator):
        return {k: s.sample(rng) for k, s in self.spaces.items()}


class Tuple:
    def __init__(self, spaces):
        self.spaces = tuple(spaces)

    def sample(self, rng: np.random.Generator):
        return tuple(s.sample(rng) for s in self.spaces)


class Text:
    def __init__(self, max_length: int, *, min_length: int = 1, charset=ALPHANUMERIC):
        self.min_length = min_length
        self.max_length = max_length
        self.character_set = frozenset(charset)

    @property
    def characters(self) -> str:
        return "".join(sorted(self.character_set))

    def sample(self, rng: np.random.Generator):
        chars = self.characters
        length = int(rng.integers(self.min_length, self.max_length + 1))
        return "".join(chars[i] for i in rng.integers(len(chars), size=length))


# ---- the Env base, as gymnasium.Env ----


class Env:
    metadata: dict = {"render_modes": []}
    render_mode: Optional[str] = None
    _np_random: Optional[np.random.Generator] = None

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        if seed is not None:
            self._np_random = np_random(seed)

    @property
    def np_random(self) -> np.random.Generator:
        if self._np_random is None:
            self._np_random = np_random()
        return self._np_random

    def render(self):
        return None

    def close(self):
        pass


def verify_number_and_cast(x: Any) -> float:
    """gymnasium/envs/classic_control/utils.py."""
    if x is None:
        return None
    try:
        x = float(x)
    except (ValueError, TypeError) as e:
        raise ValueError(f"Your input must support being cast to a float: {x}") from e
    return x


def maybe_parse_reset_bounds(options: Optional[dict], default_low: float, default_high: float):
    """gymnasium/envs/classic_control/utils.py."""
    if options is None:
        return default_low, default_high
    low = options.get("low") if "low" in options else default_low
    high = options.get("high") if "high" in options else default_high
    low = verify_number_and_cast(low)
    high = verify_number_and_cast(high)
    if low > high:
        raise ValueError(f"Lower bound ({low}) must be lower than higher bound ({high}).")
    return low, high


# ---- CartPole-v1 ----


class CartPoleEnv(Env):
    """Gymnasium 1.x CartPole: keep a pole upright on a cart by pushing it left (0) or right (1).

    Observation: float32 [x, x_dot, theta, theta_dot], bounds [4.8, inf, 0.418, inf]. Reward +1
    per step (sutton_barto_reward: 0, and -1 on termination). Terminates when |theta| > 12 degrees
    or |x| > 2.4; the registry's TimeLimit truncates at 500 steps. Reset options ``low`` and
    ``high`` bound the uniform initial state (default +-0.05).
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 50}

    def __init__(self, sutton_barto_reward: bool = False, render_mode: Optional[str] = None):
        self._sutton_barto_reward = sutton_barto_reward
        self.gravity = 9.8
        self.masscart = 1.0
        self.masspole = 0.1
        self.total_mass = self.masspole + self.masscart
        self.length = 0.5  # actually half the pole's length
        self.polemass_length = self.masspole * self.length
        self.force_mag = 10.0
        self.tau = 0.02  # seconds between state updates
        self.kinematics_integrator = "euler"
        self.theta_threshold_radians = 12 * 2 * math.pi / 360
        self.x_threshold = 2.4
        high = np.array([self.x_threshold * 2, np.inf, self.theta_threshold_radians * 2, np.inf],
                        dtype=np.float32)
        self.action_space = Discrete(2)
        self.observation_space = Box(-high, high, dtype=np.float32)
        self.render_mode = render_mode
        self.screen_width = 600
        self.screen_height = 400
        self.state: Optional[np.ndarray] = None
        self.steps_beyond_terminated = None

    def step(self, action):
        assert self.action_space.contains(action), f"{action!r} ({type(action)}) invalid"
        assert self.state is not None, "Call reset before using step method."
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        if self.kinematics_integrator == "euler":
            x = x + self.tau * x_dot
            x_dot = x_dot + self.tau * xacc
            theta = theta + self.tau * theta_dot
            theta_dot = theta_dot + self.tau * thetaacc
        else:  # semi-implicit euler
            x_dot = x_dot + self.tau * xacc
            x = x + self.tau * x_dot
            theta_dot = theta_dot + self.tau * thetaacc
            theta = theta + self.tau * theta_dot
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        terminated = bool(x < -self.x_threshold or x > self.x_threshold
                          or theta < -self.theta_threshold_radians
                          or theta > self.theta_threshold_radians)
        if not terminated:
            reward = 0.0 if self._sutton_barto_reward else 1.0
        elif self.steps_beyond_terminated is None:
            self.steps_beyond_terminated = 0  # the pole just fell
            reward = -1.0 if self._sutton_barto_reward else 1.0
        else:
            self.steps_beyond_terminated += 1
            reward = -1.0 if self._sutton_barto_reward else 0.0
        return np.array(self.state, dtype=np.float32), reward, terminated, False, {}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        low, high = maybe_parse_reset_bounds(options, -0.05, 0.05)
        self.state = self.np_random.uniform(low=low, high=high, size=(4,))
        self.steps_beyond_terminated = None
        return np.array(self.state, dtype=np.float32), {}

    def render(self):
        """A 400x600 rgb_array frame drawn with NumPy (Gymnasium draws the same with pygame)."""
        if self.render_mode != "rgb_array" or self.state is None:
            return None
        h, w = self.screen_height, self.screen_width
        scale = w / (self.x_threshold * 2)
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
        ys = (h - 1) - ys  # pygame's y axis points up before the final flip
        frame = np.full((h, w, 3), 255, dtype=np.uint8)
        cartx = self.state[0] * scale + w / 2.0
        carty = 100.0
        cart = (np.abs(xs - cartx) <= 25) & (np.abs(ys - carty) <= 15)
        frame[cart] = (0, 0, 0)
        # The pole: a 10 px wide, 100 px long bar rotated by -theta about the axle.
        axle_y = carty + 30 / 4.0
        c, s = math.cos(-self.state[2]), math.sin(-self.state[2])
        u = (xs - cartx) * c + (ys - axle_y) * s  # across the pole
        v = -(xs - cartx) * s + (ys - axle_y) * c  # along the pole
        frame[(np.abs(u) <= 5) & (v >= -5) & (v <= scale - 5)] = (202, 152, 101)
        frame[(xs - cartx) ** 2 + (ys - axle_y) ** 2 <= 25] = (129, 132, 203)
        frame[np.abs(ys - carty) < 0.5] = (0, 0, 0)
        return frame


# ---- Pendulum-v1 ----

DEFAULT_X = np.pi
DEFAULT_Y = 1.0


def angle_normalize(x):
    return ((x + np.pi) % (2 * np.pi)) - np.pi


class PendulumEnv(Env):
    """Gymnasium 1.x Pendulum: swing up a pendulum with a torque in [-2, 2] (kwarg ``g``)."""

    metadata = {"render_modes": [], "render_fps": 30}

    def __init__(self, render_mode: Optional[str] = None, g=10.0):
        self.max_speed = 8
        self.max_torque = 2.0
        self.dt = 0.05
        self.g = g
        self.m = 1.0
        self.l = 1.0
        self.render_mode = render_mode
        high = np.array([1.0, 1.0, self.max_speed], dtype=np.float32)
        self.action_space = Box(low=-self.max_torque, high=self.max_torque, shape=(1,),
                                dtype=np.float32)
        self.observation_space = Box(low=-high, high=high, dtype=np.float32)

    def step(self, u):
        th, thdot = self.state
        g, m, l, dt = self.g, self.m, self.l, self.dt
        u = np.clip(u, -self.max_torque, self.max_torque)[0]
        self.last_u = u
        costs = angle_normalize(th) ** 2 + 0.1 * thdot**2 + 0.001 * (u**2)
        newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l**2) * u) * dt
        newthdot = np.clip(newthdot, -self.max_speed, self.max_speed)
        newth = th + newthdot * dt
        self.state = np.array([newth, newthdot])
        return self._get_obs(), -costs, False, False, {}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        if options is None:
            high = np.array([DEFAULT_X, DEFAULT_Y])
        else:
            x = options.get("x_init") if "x_init" in options else DEFAULT_X
            y = options.get("y_init") if "y_init" in options else DEFAULT_Y
            high = np.array([verify_number_and_cast(x), verify_number_and_cast(y)])
        low = -high
        self.state = self.np_random.uniform(low=low, high=high)
        self.last_u = None
        return self._get_obs(), {}

    def _get_obs(self):
        theta, thetadot = self.state
        return np.array([np.cos(theta), np.sin(theta), thetadot], dtype=np.float32)


# ---- MountainCar-v0 ----


class MountainCarEnv(Env):
    """Gymnasium 1.x MountainCar: drive an underpowered car up the right hill of a valley.

    Actions: Discrete(3), accelerate left (0), don't (1), right (2). Observation: float32
    [position, velocity] in [-1.2, 0.6] x [-0.07, 0.07]. Reward -1 per step. Terminates when the
    position reaches 0.5 with a velocity of at least ``goal_velocity`` (kwarg, default 0); the
    registry's TimeLimit truncates at 200 steps. Reset: position uniform in [-0.6, -0.4] (options
    ``low`` and ``high``), velocity 0.
    """

    metadata = {"render_modes": [], "render_fps": 30}

    def __init__(self, render_mode: Optional[str] = None, goal_velocity=0):
        self.min_position = -1.2
        self.max_position = 0.6
        self.max_speed = 0.07
        self.goal_position = 0.5
        self.goal_velocity = goal_velocity
        self.force = 0.001
        self.gravity = 0.0025
        self.low = np.array([self.min_position, -self.max_speed], dtype=np.float32)
        self.high = np.array([self.max_position, self.max_speed], dtype=np.float32)
        self.render_mode = render_mode
        self.action_space = Discrete(3)
        self.observation_space = Box(self.low, self.high, dtype=np.float32)
        self.state = None

    def step(self, action: int):
        assert self.action_space.contains(action), f"{action!r} ({type(action)}) invalid"
        position, velocity = self.state
        velocity += (action - 1) * self.force + math.cos(3 * position) * (-self.gravity)
        velocity = np.clip(velocity, -self.max_speed, self.max_speed)
        position += velocity
        position = np.clip(position, self.min_position, self.max_position)
        if position == self.min_position and velocity < 0:
            velocity = 0  # the left wall is inelastic
        terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        reward = -1.0
        self.state = (position, velocity)
        return np.array(self.state, dtype=np.float32), reward, terminated, False, {}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        low, high = maybe_parse_reset_bounds(options, -0.6, -0.4)
        self.state = np.array([self.np_random.uniform(low=low, high=high), 0])
        return np.array(self.state, dtype=np.float32), {}


# ---- MountainCarContinuous-v0 ----


class Continuous_MountainCarEnv(Env):
    """Gymnasium 1.x MountainCarContinuous: MountainCar with a force in [-1, 1] (float32 [1]).

    The force is clipped for the dynamics but not for the reward, -0.1 * action**2 per step plus
    100 on reaching the goal (position 0.45, velocity at least ``goal_velocity``); the registry's
    TimeLimit truncates at 999 steps. As in Gymnasium the state is a float32 array after every
    step and float64 right after a reset. Reset as MountainCar-v0.

    The arithmetic of a step is float64, as Gymnasium's is under NumPy 1.x (which promotes a
    float32 scalar met with a Python number to float64, and recorded the reference episodes):
    the float32 state is read through ``float()`` so that NumPy 2's rules, which would keep
    Gymnasium's own code in float32, give the same numbers here.
    """

    metadata = {"render_modes": [], "render_fps": 30}

    def __init__(self, render_mode: Optional[str] = None, goal_velocity=0):
        self.min_action = -1.0
        self.max_action = 1.0
        self.min_position = -1.2
        self.max_position = 0.6
        self.max_speed = 0.07
        self.goal_position = 0.45  # 0.5 in MountainCar-v0, 0.45 in Arnaud de Broissia's version
        self.goal_velocity = goal_velocity
        self.power = 0.0015
        self.low_state = np.array([self.min_position, -self.max_speed], dtype=np.float32)
        self.high_state = np.array([self.max_position, self.max_speed], dtype=np.float32)
        self.render_mode = render_mode
        self.action_space = Box(low=self.min_action, high=self.max_action, shape=(1,),
                                dtype=np.float32)
        self.observation_space = Box(low=self.low_state, high=self.high_state, dtype=np.float32)
        self.state = None

    def step(self, action: np.ndarray):
        position = float(self.state[0])
        velocity = float(self.state[1])
        force = min(max(float(action[0]), self.min_action), self.max_action)

        velocity += force * self.power - 0.0025 * math.cos(3 * position)
        if velocity > self.max_speed:
            velocity = self.max_speed
        if velocity < -self.max_speed:
            velocity = -self.max_speed
        position += velocity
        if position > self.max_position:
            position = self.max_position
        if position < self.min_position:
            position = self.min_position
        if position == self.min_position and velocity < 0:
            velocity = 0

        terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        reward = 0
        if terminated:
            reward = 100.0
        reward -= math.pow(action[0], 2) * 0.1  # the action as given, not the clipped force

        self.state = np.array([position, velocity], dtype=np.float32)
        return self.state, reward, terminated, False, {}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        low, high = maybe_parse_reset_bounds(options, -0.6, -0.4)
        self.state = np.array([self.np_random.uniform(low=low, high=high), 0])
        return np.array(self.state, dtype=np.float32), {}


# ---- Acrobot-v1 ----


class AcrobotEnv(Env):
    """Gymnasium 1.x Acrobot: swing the free end of a two-link chain above a target height.

    Actions: Discrete(3), a torque of -1, 0 or +1 on the joint between the links. Observation:
    float32 [cos th1, sin th1, cos th2, sin th2, dth1, dth2], the velocities bounded by 4 pi and
    9 pi. Reward -1 per step, 0 on the step that reaches the target; terminates when
    ``-cos(th1) - cos(th2 + th1) > 1``; the registry's TimeLimit truncates at 500 steps. Reset:
    the state [th1, th2, dth1, dth2] uniform in [-0.1, 0.1] (options ``low`` and ``high``), cast
    to float32. The dynamics are integrated with one RK4 step of 0.2 s; ``book_or_nips`` (a class
    attribute, as in Gymnasium) picks the book's equations (the default) or the NIPS paper's.
    """

    metadata = {"render_modes": [], "render_fps": 15}

    dt = 0.2

    LINK_LENGTH_1 = 1.0  # [m]
    LINK_LENGTH_2 = 1.0  # [m]
    LINK_MASS_1 = 1.0  #: [kg] mass of link 1
    LINK_MASS_2 = 1.0  #: [kg] mass of link 2
    LINK_COM_POS_1 = 0.5  #: [m] position of the center of mass of link 1
    LINK_COM_POS_2 = 0.5  #: [m] position of the center of mass of link 2
    LINK_MOI = 1.0  #: moments of inertia for both links

    MAX_VEL_1 = 4 * np.pi
    MAX_VEL_2 = 9 * np.pi

    AVAIL_TORQUE = [-1.0, 0.0, +1]

    torque_noise_max = 0.0

    #: use dynamics equations from the nips paper or the book
    book_or_nips = "book"

    def __init__(self, render_mode: Optional[str] = None):
        self.render_mode = render_mode
        high = np.array([1.0, 1.0, 1.0, 1.0, self.MAX_VEL_1, self.MAX_VEL_2], dtype=np.float32)
        low = -high
        self.observation_space = Box(low=low, high=high, dtype=np.float32)
        self.action_space = Discrete(3)
        self.state = None

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        low, high = maybe_parse_reset_bounds(options, -0.1, 0.1)
        self.state = self.np_random.uniform(low=low, high=high, size=(4,)).astype(np.float32)
        return self._get_ob(), {}

    def step(self, a):
        s = self.state
        assert s is not None, "Call reset before using AcrobotEnv object."
        torque = self.AVAIL_TORQUE[a]
        if self.torque_noise_max > 0:
            torque += self.np_random.uniform(-self.torque_noise_max, self.torque_noise_max)
        # The state augmented with the torque, so that _dsdt sees it.
        s_augmented = np.append(s, torque)
        ns = rk4(self._dsdt, s_augmented, [0, self.dt])
        ns[0] = wrap(ns[0], -np.pi, np.pi)
        ns[1] = wrap(ns[1], -np.pi, np.pi)
        ns[2] = bound(ns[2], -self.MAX_VEL_1, self.MAX_VEL_1)
        ns[3] = bound(ns[3], -self.MAX_VEL_2, self.MAX_VEL_2)
        self.state = ns
        terminated = self._terminal()
        reward = -1.0 if not terminated else 0.0
        return self._get_ob(), reward, terminated, False, {}

    def _get_ob(self):
        s = self.state
        return np.array([np.cos(s[0]), np.sin(s[0]), np.cos(s[1]), np.sin(s[1]), s[2], s[3]],
                        dtype=np.float32)

    def _terminal(self):
        s = self.state
        return bool(-np.cos(s[0]) - np.cos(s[1] + s[0]) > 1.0)

    def _dsdt(self, s_augmented):
        m1 = self.LINK_MASS_1
        m2 = self.LINK_MASS_2
        l1 = self.LINK_LENGTH_1
        lc1 = self.LINK_COM_POS_1
        lc2 = self.LINK_COM_POS_2
        I1 = self.LINK_MOI
        I2 = self.LINK_MOI
        g = 9.8
        a = s_augmented[-1]
        s = s_augmented[:-1]
        theta1 = s[0]
        theta2 = s[1]
        dtheta1 = s[2]
        dtheta2 = s[3]
        d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * np.cos(theta2)) + I1 + I2
        d2 = m2 * (lc2**2 + l1 * lc2 * np.cos(theta2)) + I2
        phi2 = m2 * lc2 * g * np.cos(theta1 + theta2 - np.pi / 2.0)
        phi1 = (-m2 * l1 * lc2 * dtheta2**2 * np.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * np.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * np.cos(theta1 - np.pi / 2)
                + phi2)
        if self.book_or_nips == "nips":
            # as described in the NIPS paper
            ddtheta2 = (a + d2 / d1 * phi1 - phi2) / (m2 * lc2**2 + I2 - d2**2 / d1)
        else:
            # as in the book and its Java implementation
            ddtheta2 = ((a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * np.sin(theta2) - phi2)
                        / (m2 * lc2**2 + I2 - d2**2 / d1))
        ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0


def wrap(x, m, M):
    """Wraps ``x`` into [m, M] by whole turns of M - m (acrobot.py's ``wrap``)."""
    diff = M - m
    while x > M:
        x = x - diff
    while x < m:
        x = x + diff
    return x


def bound(x, m, M):
    """``min(max(x, m), M)`` (acrobot.py's ``bound`` with scalar bounds)."""
    return min(max(x, m), M)


def rk4(derivs, y0, t):
    """Integrates ``dy = derivs(y)`` with fourth-order Runge-Kutta over the times ``t`` and
    returns the first four components of the last state (acrobot.py's ``rk4``)."""
    yout = np.zeros((len(t), len(y0)), np.float64)
    yout[0] = y0
    for i in np.arange(len(t) - 1):
        this = t[i]
        dt = t[i + 1] - this
        dt2 = dt / 2.0
        y0 = yout[i]
        k1 = np.asarray(derivs(y0))
        k2 = np.asarray(derivs(y0 + dt2 * k1))
        k3 = np.asarray(derivs(y0 + dt2 * k2))
        k4 = np.asarray(derivs(y0 + dt * k3))
        yout[i + 1] = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    # only the final time step matters; the torque, last, has a zero derivative
    return yout[-1][:4]


# ---- SpaceZoo-v0 ----


class SpaceZooEnv(Env):
    """Every space kind in one Dict observation, a Dict action, and every kind of info value.

    The observation echoes the last action: "box" = the clipped "move", "discrete" = "choice" + 1,
    "multi_binary" = "bits", "text" = "word", "multi_discrete" = the "pair"'s second member,
    "tuple" = (the "pair"'s first member, [t / 10]). Reward t at step t; terminates at step
    ``terminate_at``. ``odd_info=True`` adds an info value with no Value kind (a set).
    """

    metadata = {"render_modes": [], "note": "stand-in", "version": 2}

    def __init__(self, terminate_at: int = 3, odd_info: bool = False):
        self.terminate_at = terminate_at
        self.odd_info = odd_info
        word = Text(5, min_length=0, charset="abc")
        self.observation_space = Dict({
            "box": Box(-1.0, 1.0, (2,), np.float32),
            "discrete": Discrete(3, start=1),
            "multi_discrete": MultiDiscrete([2, 3]),
            "multi_binary": MultiBinary(4),
            "text": word,
            "tuple": Tuple((Discrete(2), Box(0.0, 1.0, (1,), np.float64))),
        })
        self.action_space = Dict({
            "move": Box(-1.0, 1.0, (2,), np.float32),
            "choice": Discrete(3),
            "bits": MultiBinary(4),
            "word": word,
            "pair": Tuple((Discrete(2), MultiDiscrete([2, 3]))),
        })
        self.t = 0

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        self.t = 0
        obs = self.observation_space.sample(self.np_random)
        return obs, {"reset": True, "options": options}

    def step(self, action):
        self.t += 1
        pair = action["pair"]
        obs = {
            "box": np.clip(action["move"], -1, 1).astype(np.float32),
            "discrete": np.int64(action["choice"] + 1),
            "multi_discrete": np.asarray(pair[1], dtype=np.int64),
            "multi_binary": np.asarray(action["bits"], dtype=np.int8),
            "text": action["word"],
            "tuple": (np.int64(pair[0]), np.array([self.t / 10])),
        }
        info = {
            "t": self.t,
            "np_float32": np.float32(0.5),
            "np_int64": np.int64(-3),
            "np_bool": np.bool_(True),
            "flag": False,
            "ratio": 0.25,
            "name": "zoo",
            "array": np.arange(6, dtype=np.int32).reshape(2, 3),
            "nested": {"depth": {"level": 2}, "items": [1, 2.5, "three", None]},
            "pair": (1, "b"),
            "nothing": None,
        }
        if self.odd_info:
            info["odd"] = {1, 2}
        return obs, float(self.t), self.t >= self.terminate_at, False, info


# ---- Exploding-v0 ----


class ExplodingEnv(Env):
    """A buggy env: step(1) raises; step(0) gives reward 1. ``fail_on_make`` breaks __init__."""

    metadata = {"render_modes": []}

    def __init__(self, fail_on_make: bool = False):
        if fail_on_make:
            raise RuntimeError("constructor failed on purpose")
        self.observation_space = Box(-1.0, 1.0, (1,), np.float32)
        self.action_space = Discrete(2)

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action):
        if action == 1:
            raise RuntimeError("kaboom: the env blew up on action 1")
        return np.zeros(1, dtype=np.float32), 1.0, False, False, {}


gymbridge_server.register("CartPole-v1", CartPoleEnv, max_episode_steps=500,
                          reward_threshold=475.0)
gymbridge_server.register("Pendulum-v1", PendulumEnv, max_episode_steps=200)
gymbridge_server.register("MountainCar-v0", MountainCarEnv, max_episode_steps=200,
                          reward_threshold=-110.0)
gymbridge_server.register("MountainCarContinuous-v0", Continuous_MountainCarEnv,
                          max_episode_steps=999, reward_threshold=90.0)
gymbridge_server.register("Acrobot-v1", AcrobotEnv, max_episode_steps=500, reward_threshold=-100.0)
gymbridge_server.register("SpaceZoo-v0", SpaceZooEnv, max_episode_steps=10)
gymbridge_server.register("Exploding-v0", ExplodingEnv)
