"""The env ids a server serves and how to make them.

Two sources, looked up in this order: gymbridge_server's own :mod:`registry` (what ``--import``
modules register), then Gymnasium's registry, if ``import gymnasium`` works (it is imported
lazily, the first time the catalog is used, so the server runs without it). ``--allow`` narrows
both. Env ids of the form ``module:EnvId`` make Gymnasium import a module, which runs code on the
server: they are refused with PERMISSION_DENIED unless the operator passed
``--allow-entry-points``.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import logging
import re
import threading
from typing import Iterable, List, Optional

from gymbridge_server import errors, kwarg_types
from gymbridge_server.errors import clip
from gymbridge_server.registry import EnvSpec, Registry

log = logging.getLogger(__name__)

_UNEXPECTED_KWARG = re.compile(r"unexpected keyword argument '([^']+)'")
_ARGUMENT_PROBLEM = re.compile(r"unexpected keyword argument|missing \d+ required .*argument|"
                               r"got multiple values for (keyword )?argument")
# An id this long is no typo of a served one: no suggestions (difflib would only waste time).
_MAX_SUGGESTED_LENGTH = 256
# gymnasium.error classes, by name: an unknown id or version is NOT_FOUND, a bad render mode or
# missing argument INVALID_ARGUMENT; the rest (DependencyNotInstalled, ...) INTERNAL.
_GYMNASIUM_CODES = {
    "UnregisteredEnv": errors.not_found,
    "NamespaceNotFound": errors.not_found,
    "NameNotFound": errors.not_found,
    "VersionNotFound": errors.not_found,
    "DeprecatedEnv": errors.not_found,
    "UnsupportedMode": errors.invalid_argument,
    "MissingArgument": errors.invalid_argument,
}


def _load_gymnasium():
    try:
        import gymnasium
    except ImportError as e:
        log.info("gymnasium is not importable (%s): serving gymbridge_server's registry only", e)
        return None
    except Exception:  # a broken installation must not take the server down
        log.warning("importing gymnasium failed; serving gymbridge_server's registry only",
                    exc_info=True)
        return None
    log.info("gymnasium %s found: serving its registry too", gymnasium.__version__)
    return gymnasium


class Catalog:
    """What a server can make: ``registry`` first, then Gymnasium's, filtered by ``allow``."""

    def __init__(self, registry: Registry, allow: Iterable[str] = (),
                 allow_entry_points: bool = False, use_gymnasium: bool = True):
        self.registry = registry
        self.allow = frozenset(allow)
        self.allow_entry_points = allow_entry_points
        self._use_gymnasium = use_gymnasium
        self._gymnasium = None
        self._gymnasium_loaded = False
        self._lock = threading.Lock()
        self._kwarg_rules = {}  # env id -> {parameter: KwargRule}

    @property
    def gymnasium(self):
        """The gymnasium module, or None if it is not importable (or not wanted)."""
        if not self._gymnasium_loaded:
            with self._lock:
                if not self._gymnasium_loaded:
                    self._gymnasium = _load_gymnasium() if self._use_gymnasium else None
                    self._gymnasium_loaded = True
        return self._gymnasium

    # ---- ids ----

    def _known_ids(self) -> set:
        ids = set(self.registry.ids())
        gym = self.gymnasium
        if gym is not None:
            ids.update(gym.envs.registry.keys())
        return ids

    def served_ids(self) -> List[str]:
        """Every id a client may make, sorted."""
        return sorted(i for i in self._known_ids() if not self.allow or i in self.allow)

    def is_served(self, env_id: str) -> bool:
        if self.allow and env_id not in self.allow:
            return False
        if self.registry.spec(env_id) is not None:
            return True
        gym = self.gymnasium
        return gym is not None and env_id in gym.envs.registry

    def spec(self, env_id: str) -> EnvSpec:
        """The registration data of a served id."""
        own = self.registry.spec(env_id)
        if own is not None:
            return own
        g = self.gymnasium.envs.registry[env_id]
        return EnvSpec(env_id, g.entry_point, g.max_episode_steps, g.reward_threshold,
                       bool(g.nondeterministic), dict(g.kwargs or {}))

    def resolve(self, env_id: str) -> str:
        """The served id a Make names; imports the module of a ``module:EnvId`` id if allowed.

        Raises PERMISSION_DENIED for ``module:EnvId`` without --allow-entry-points, NOT_FOUND
        for an id this server does not serve (naming the closest served ids).
        """
        if ":" in env_id:
            module, _, bare = env_id.partition(":")
            if not self.allow_entry_points:
                raise errors.permission_denied(
                    f"env id '{clip(env_id)}' names a module to import ({clip(module)}), which "
                    f"runs code on the server; the operator can allow that with "
                    f"--allow-entry-points, or import the module with --import and serve "
                    f"'{clip(bare)}'")
            if self.allow and env_id not in self.allow and bare not in self.allow:
                raise self._not_found(env_id)
            try:
                importlib.import_module(module)
            except ImportError as e:
                raise errors.not_found(
                    f"no env with id '{clip(env_id)}' on this server: cannot import module "
                    f"'{clip(module)}' ({clip(e, 256)})") from e
            except Exception as e:
                raise errors.internal(f"importing module '{clip(module)}' for env id "
                                      f"'{clip(env_id)}' failed: {type(e).__name__}: {e}") from e
            if self.registry.spec(bare) is not None or (
                    self.gymnasium is not None and bare in self.gymnasium.envs.registry):
                return bare
            raise self._not_found(env_id)
        if not self.is_served(env_id):
            raise self._not_found(env_id)
        return env_id

    def _not_found(self, env_id: str) -> errors.EnvError:
        served = self.served_ids()
        by_lower = {}
        for i in served:
            by_lower.setdefault(i.lower(), i)
        close = [] if len(env_id) > _MAX_SUGGESTED_LENGTH else [
            by_lower[c] for c in difflib.get_close_matches(env_id.lower(), list(by_lower), 3)]
        if close:
            hint = f"; did you mean {', '.join(close)}?"
        else:
            shown = served if len(served) <= 30 else served[:30] + ["..."]
            hint = f"; it serves [{', '.join(shown)}]"
        return errors.not_found(f"no env with id '{clip(env_id)}' on this server{hint}")

    # ---- making envs ----

    def make(self, env_id: str, kwargs: dict, max_episode_steps: Optional[int],
             render_mode: Optional[str]):
        """Makes one env of a served id (with its TimeLimit), as ``gymnasium.make`` does.

        Raises INVALID_ARGUMENT for kwargs the constructor does not take, NOT_FOUND or
        INVALID_ARGUMENT for Gymnasium's errors about ids and render modes, INTERNAL if the
        constructor fails otherwise.
        """
        try:
            if self.registry.spec(env_id) is not None:
                return self.registry.make(env_id, max_episode_steps, render_mode, **kwargs)
            extra = {} if render_mode is None else {"render_mode": render_mode}
            return self.gymnasium.make(env_id, max_episode_steps=max_episode_steps,
                                       **extra, **kwargs)
        except errors.EnvError:
            raise
        except TypeError as e:
            if _ARGUMENT_PROBLEM.search(str(e)):
                raise self._bad_kwargs(env_id, e) from e
            raise errors.internal(f"{env_id} failed to construct: TypeError: {e}") from e
        except Exception as e:
            code = _GYMNASIUM_CODES.get(type(e).__name__)
            if code is not None and type(e).__module__.startswith("gymnasium"):
                raise code(f"{env_id}: {e}") from e
            raise errors.internal(
                f"{env_id} failed to construct: {type(e).__name__}: {e}") from e

    def check_kwarg_types(self, env_id: str, kwargs: dict) -> None:
        """INVALID_ARGUMENT if a kwarg's value is not of the kind its constructor parameter
        takes (see :mod:`~gymbridge_server.kwarg_types`); the rules are read once per id."""
        if not kwargs:
            return
        rules = self._kwarg_rules.get(env_id)
        if rules is None:
            try:
                rules = kwarg_types.rules_of(self.spec(env_id).creator())
            except Exception:  # an entry point that does not import: the constructor will say
                rules = {}
            self._kwarg_rules[env_id] = rules
        why = kwarg_types.mismatch(env_id, rules, kwargs)
        if why is not None:
            raise errors.invalid_argument(why)

    def _bad_kwargs(self, env_id: str, e: TypeError) -> errors.EnvError:
        unexpected = _UNEXPECTED_KWARG.search(str(e))
        takes = self._parameters(env_id)
        if unexpected is not None:
            known = "" if takes is None else (
                f"; it takes [{', '.join(takes)}]" if takes else "; it takes none")
            return errors.invalid_argument(
                f"{env_id} got unexpected kwarg [{clip(unexpected.group(1))}]{known}")
        return errors.invalid_argument(f"{env_id}: {e}")

    def _parameters(self, env_id: str) -> Optional[List[str]]:
        """The keyword parameters of the env's constructor (not render_mode), if knowable."""
        try:
            creator = self.spec(env_id).creator()
            params = inspect.signature(creator).parameters.values()
        except Exception:  # a string entry point gymnasium resolves its own way, a builtin, ...
            return None
        return [p.name for p in params
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                and p.name not in ("self", "render_mode")]

