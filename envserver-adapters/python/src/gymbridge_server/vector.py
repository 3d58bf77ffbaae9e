"""num_envs copies of one env stepped together in the calling thread, as the Java server's
``SyncVectorEnv`` (and ``gymnasium.vector.SyncVectorEnv`` 1.1+) does, with its three autoreset
modes:

- NEXT_STEP (default): the step that ends an episode returns it as is; the next step resets that
  env instead of stepping it (its action is ignored, reward 0, terminated and truncated false).
- SAME_STEP: the step that ends an episode resets the env at once and returns the reset
  observation; the env's info carries "final_obs" and "final_info" of the ended episode.
- DISABLED: nothing resets by itself; stepping while an env's episode has ended is
  FAILED_PRECONDITION until a Reset with a mask resets it.

Every action of a batch is checked before any env steps, so a rejected request changes nothing.
Anything an env raises becomes INTERNAL "<EnvId> raised <ExcType>: <message>".
"""

from __future__ import annotations

import logging
from typing import Any, List, Optional, Sequence

import numpy as np

from gymbridge_server import errors
from gymbridge_server.codec import SpaceValue, describe, describe_tensor
from gymbridge_server.spaces import Space, from_env_space

log = logging.getLogger(__name__)

NEXT_STEP, SAME_STEP, DISABLED = 1, 2, 3  # AutoresetMode numbers of the protocol
_INT64_MAX = 2**63 - 1


class VectorEnv:
    """A session's envs. Not thread-safe: the session's lock serializes calls."""

    def __init__(self, env_id: str, envs: Sequence[Any], mode: int):
        if not envs:
            raise errors.invalid_argument("a vector env needs at least one env")
        self.env_id = env_id
        self.envs = list(envs)
        self.mode = mode
        n = len(self.envs)
        self.num_envs = n
        first = self.envs[0]
        self.single_observation_space: Space = from_env_space(first.observation_space)
        self.single_action_space: Space = from_env_space(first.action_space)
        for env in self.envs[1:]:
            if (from_env_space(env.observation_space) != self.single_observation_space
                    or from_env_space(env.action_space) != self.single_action_space):
                raise errors.invalid_argument("the envs of a vector must have equal spaces")
        self.observation_space = self.single_observation_space.batch(n)
        self.action_space = self.single_action_space.batch(n)
        self.metadata = dict(getattr(first, "metadata", None) or {})
        self._last_obs: List[Any] = [None] * n
        self._was_reset = [False] * n
        self._needs_reset = [True] * n  # never reset, or ended under DISABLED
        self._autoreset_next = [False] * n  # NEXT_STEP: ended on the last step
        self._closed = False

    # ---- reset ----

    def reset(self, seed: Optional[int], options: Optional[dict],
              mask: Optional[Sequence[bool]]):
        """Resets every env, or those selected by mask; env i gets seed + i.

        Returns (batched observations, per-env infos). Checks everything first: a rejected
        reset resets nothing.
        """
        n = self.num_envs
        if mask is not None and len(mask) != n:
            raise errors.invalid_argument(f"reset_mask needs {n} flags, got {len(mask)}")
        for i in range(n):
            if not self._was_reset[i] and mask is not None and not mask[i]:
                raise errors.failed_precondition(
                    f"env {i} was never reset; the first reset must include every env")
        if seed is not None and seed > _INT64_MAX - (n - 1):
            raise errors.invalid_argument(
                f"seed {seed} + {n - 1} overflows a 64-bit integer (env i gets seed + i)")
        infos: List[dict] = [{}] * n
        for i, env in enumerate(self.envs):
            if mask is not None and not mask[i]:
                continue
            obs, info = self._reset(env, None if seed is None else seed + i, options)
            self._last_obs[i] = obs
            self._was_reset[i] = True
            self._needs_reset[i] = False
            self._autoreset_next[i] = False
            infos[i] = info
        return self._observations(), infos

    # ---- step ----

    def step(self, actions):
        """Steps every env with its action of the batch (a value of ``action_space``).

        Returns (batched observations, rewards, terminated, truncated, per-env infos).
        """
        n = self.num_envs
        per_env = self._check_actions(actions)
        for i in range(n):
            if self._needs_reset[i]:
                raise errors.failed_precondition(
                    "step before reset: call reset first" if not self._was_reset[i] else
                    f"env {i}'s episode ended and autoreset_mode is DISABLED: reset it (with a "
                    f"reset mask) before stepping it")
        rewards = [0.0] * n
        terminated = [False] * n
        truncated = [False] * n
        infos: List[dict] = [{}] * n
        for i, env in enumerate(self.envs):
            if self._autoreset_next[i]:
                self._last_obs[i], infos[i] = self._reset(env, None, None, autoreset=True)
                self._autoreset_next[i] = False
                continue
            obs, reward, term, trunc, info = self._step(env, per_env[i])
            rewards[i], terminated[i], truncated[i] = reward, term, trunc
            self._last_obs[i] = obs
            if term or trunc:
                if self.mode == NEXT_STEP:
                    self._autoreset_next[i] = True
                elif self.mode == DISABLED:
                    self._needs_reset[i] = True
                else:  # SAME_STEP
                    reset_obs, reset_info = self._reset(env, None, None, autoreset=True)
                    merged = dict(reset_info)
                    merged["final_obs"] = SpaceValue(self.single_observation_space, obs)
                    merged["final_info"] = info
                    info = merged
                    self._last_obs[i] = reset_obs
            infos[i] = info
        return self._observations(), rewards, terminated, truncated, infos

    def _check_actions(self, actions) -> list:
        """Splits the batch into per-env actions after checking all of them.

        Messages as the Java SyncVectorEnv words them: "invalid action for env i of EnvId: why"
        when an env's own action is bad, "invalid actions for n x EnvId: why (...)" when the
        batch itself has the wrong count, shape or dtype.
        """
        n = self.num_envs
        single = self.single_action_space
        if single.fast_ok(actions, n):
            return single.split(actions, n)
        if single.can_unbatch(actions, n):
            bad = single.bad_envs(actions, n)
            if np.count_nonzero(bad):
                i = int(np.argmax(bad))
                why = single.action_mismatch(single.item(actions, i)) or "not in the action space"
                raise errors.invalid_argument(f"invalid action for env {i} of {self.env_id}: {why}")
            why = self.action_space.action_mismatch(actions)
            if why is None:
                return single.split(actions, n)
        else:
            why = self.action_space.action_mismatch(actions) or f"not a batch of {n} actions"
        raise errors.invalid_argument(
            f"invalid actions for {n} x {self.env_id}: {why} (env i's action at index i, each "
            f"in {single})")

    # ---- render and close ----

    def render(self, index: int) -> np.ndarray:
        """Env ``index``'s rgb_array frame: uint8 [height, width, 3]."""
        if not 0 <= index < self.num_envs:
            raise errors.invalid_argument(f"env_index {index} is outside [0, {self.num_envs})")
        if not self._was_reset[index]:
            raise errors.failed_precondition("render before reset: call reset first")
        frame = self._call(self.envs[index].render)
        if (not isinstance(frame, np.ndarray) or frame.dtype != np.uint8 or frame.ndim != 3
                or frame.shape[2] != 3):
            got = describe_tensor(frame) if isinstance(frame, np.ndarray) else describe(frame)
            raise errors.internal(
                f"{self.env_id}.render() returned {got}; an rgb_array frame is uint8 "
                f"[height, width, 3]")
        return frame

    def close(self) -> None:
        """Closes every env once; an env that raises in close is logged, not re-raised."""
        if self._closed:
            return
        self._closed = True
        for env in self.envs:
            try:
                env.close()
            except Exception:
                log.warning("closing %s failed", self.env_id, exc_info=True)

    # ---- calls into env code ----

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except errors.EnvError:
            raise
        except Exception as e:
            log.debug("%s raised", self.env_id, exc_info=True)
            raise errors.internal(f"{self.env_id} raised {type(e).__name__}: {e}") from e

    def _reset(self, env, seed: Optional[int], options: Optional[dict], autoreset=False):
        result = self._call(env.reset) if autoreset else self._call(
            env.reset, seed=seed, options=options)
        if not isinstance(result, tuple) or len(result) != 2 or not isinstance(result[1], dict):
            raise errors.internal(
                f"{self.env_id}.reset() returned {describe(result)}; Gymnasium's API returns "
                f"(obs, info) with a dict info")
        return result

    def _step(self, env, action):
        result = self._call(env.step, action)
        if not isinstance(result, tuple) or len(result) != 5:
            raise errors.internal(
                f"{self.env_id}.step() returned {describe(result)}; Gymnasium's API returns "
                f"(obs, reward, terminated, truncated, info)")
        obs, reward, terminated, truncated, info = result
        try:
            reward = float(reward)
        except (TypeError, ValueError) as e:
            raise errors.internal(f"{self.env_id}.step() returned a reward that is not a "
                                  f"number: {describe(reward)}") from e
        if not isinstance(info, dict):
            raise errors.internal(f"{self.env_id}.step() returned info {describe(info)}, not "
                                  f"a dict")
        return obs, reward, bool(terminated), bool(truncated), info

    def _observations(self):
        try:
            return self.single_observation_space.concatenate(self._last_obs)
        except Exception as e:
            raise errors.internal(
                f"{self.env_id} returned an observation that does not fit "
                f"{self.single_observation_space}: {type(e).__name__}: {e}") from e
