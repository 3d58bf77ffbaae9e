"""gymbridge_server's own small env registry, for machines without Gymnasium and for tests.

    import gymbridge_server
    gymbridge_server.register("CartPole-v1", CartPoleEnv, max_episode_steps=500,
                              reward_threshold=475.0)

Envs made from it follow Gymnasium's API (``reset(seed=None, options=None) -> (obs, info)``,
``step(action) -> (obs, reward, terminated, truncated, info)``, ``observation_space``,
``action_space``, ``metadata``, ``render()``, ``close()``) and get a :class:`TimeLimit` as
``gymnasium.make`` adds one. A module given to ``--import`` may register here or with
``gymnasium.register``; both are served.
"""

from __future__ import annotations

import importlib
import logging
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Optional, Union

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EnvSpec:
    """The registration data of an env id, as ``gymnasium.envs.registration.EnvSpec`` has it."""

    id: str
    entry_point: Union[Callable[..., Any], str, None] = None
    max_episode_steps: Optional[int] = None
    reward_threshold: Optional[float] = None
    nondeterministic: bool = False
    kwargs: Dict[str, Any] = field(default_factory=dict)

    def with_max_episode_steps(self, steps: Optional[int]) -> "EnvSpec":
        """This spec with another step limit (None keeps the registered one)."""
        return self if steps is None else replace(self, max_episode_steps=steps)

    def creator(self) -> Callable[..., Any]:
        """The entry point as a callable (a "module:attr" string is imported)."""
        if callable(self.entry_point):
            return self.entry_point
        module, _, attr = str(self.entry_point).partition(":")
        return getattr(importlib.import_module(module), attr)


class Registry:
    """Env ids and how to make them. Thread-safe."""

    def __init__(self):
        self._specs: Dict[str, EnvSpec] = {}
        self._lock = threading.Lock()

    def register(self, id: str, entry_point: Union[Callable[..., Any], str],
                 max_episode_steps: Optional[int] = None,
                 reward_threshold: Optional[float] = None,
                 nondeterministic: bool = False, **kwargs: Any) -> EnvSpec:
        """Registers ``id``; ``kwargs`` are the constructor's defaults (a Make's kwargs win).

        Registering an id again replaces it, with a warning, as Gymnasium does.
        """
        if not isinstance(id, str) or not id:
            raise ValueError(f"an env id must be a non-empty string, got {id!r}")
        if ":" in id:
            raise ValueError(f"env id {id!r} must not contain ':' (that names a module to import)")
        if max_episode_steps is not None and int(max_episode_steps) < 1:
            raise ValueError(f"max_episode_steps must be >= 1, got {max_episode_steps}")
        spec = EnvSpec(id, entry_point,
                       None if max_episode_steps is None else int(max_episode_steps),
                       None if reward_threshold is None else float(reward_threshold),
                       bool(nondeterministic), dict(kwargs))
        with self._lock:
            if id in self._specs:
                log.warning("overriding the registration of %s", id)
            self._specs[id] = spec
        return spec

    def ids(self) -> List[str]:
        """The registered ids, sorted."""
        with self._lock:
            return sorted(self._specs)

    def spec(self, id: str) -> Optional[EnvSpec]:
        """The spec of ``id``, or None."""
        with self._lock:
            return self._specs.get(id)

    def make(self, id: str, max_episode_steps: Optional[int] = None,
             render_mode: Optional[str] = None, **kwargs: Any):
        """Makes ``id`` as ``gymnasium.make`` would: constructor, then TimeLimit if any limit.

        Raises KeyError for an unknown id; whatever the constructor raises passes through.
        """
        spec = self.spec(id)
        if spec is None:
            raise KeyError(id)
        args = dict(spec.kwargs)
        args.update(kwargs)
        if render_mode is not None:
            args["render_mode"] = render_mode
        env = spec.creator()(**args)
        steps = max_episode_steps if max_episode_steps is not None else spec.max_episode_steps
        return TimeLimit(env, steps) if steps is not None else env


#: The registry ``gymbridge_server.register`` adds to and the server serves by default.
REGISTRY = Registry()


def register(id: str, entry_point: Union[Callable[..., Any], str],
             max_episode_steps: Optional[int] = None, reward_threshold: Optional[float] = None,
             nondeterministic: bool = False, **kwargs: Any) -> EnvSpec:
    """Registers an env with gymbridge_server's own registry (see :meth:`Registry.register`)."""
    return REGISTRY.register(id, entry_point, max_episode_steps, reward_threshold,
                             nondeterministic, **kwargs)


class TimeLimit:
    """Truncates episodes after ``max_episode_steps`` steps, as ``gymnasium.wrappers.TimeLimit``:
    the step that reaches the limit returns ``truncated=True`` (and keeps the env's own
    ``terminated``)."""

    def __init__(self, env, max_episode_steps: int):
        if max_episode_steps < 1:
            raise ValueError(f"max_episode_steps must be >= 1, got {max_episode_steps}")
        self.env = env
        self.max_episode_steps = max_episode_steps
        self._elapsed_steps = 0

    def reset(self, **kwargs):
        self._elapsed_steps = 0
        return self.env.reset(**kwargs)

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._elapsed_steps += 1
        if self._elapsed_steps >= self.max_episode_steps:
            truncated = True
        return obs, reward, terminated, truncated, info

    def render(self):
        return self.env.render()

    def close(self):
        return self.env.close()

    @property
    def unwrapped(self):
        return getattr(self.env, "unwrapped", self.env)

    def __getattr__(self, name):  # observation_space, action_space, metadata, render_mode, ...
        if name.startswith("__") or name == "env":
            raise AttributeError(name)
        return getattr(self.env, name)

    def __repr__(self) -> str:
        return f"<TimeLimit<{self.env!r}>>"
