"""Robot envs: what a Gymnasium env adds so that a gymbridge server keeps a robot safe
(docs/protocol.md, "Watchdog", "Env-paced control", "Robot envs").

A robot env has a control period and a safe action, and hooks the server calls when a session
faults. The server finds them on ``env.unwrapped`` by name, so any Gymnasium env class can have
them; :class:`RobotEnv` is a mixin that documents them and gives the defaults::

    class Arm(RobotEnv, gymnasium.Env):
        control_period = 0.02                 # seconds: 50 Hz

        def safe_action(self):
            return np.zeros(6, dtype=np.float32)  # zero joint velocity

        def apply_safe_action(self):
            self.driver.command_velocity(np.zeros(6))   # outside any step: the watchdog fired

        def emergency_stop(self, reason):
            self.driver.brakes_on()

The hooks (``apply_safe_action``, ``controlled_stop``, ``on_fault``, ``emergency_stop``) are
called from the server's watchdog or stop threads, possibly while a step runs on another thread:
they must be thread-safe, must not wait for the step, and should return within milliseconds.
"""

from __future__ import annotations

import logging
from typing import Any, List, Sequence

log = logging.getLogger(__name__)


class RobotEnv:
    """The robot hooks of a Gymnasium env (a mixin: put it before ``gymnasium.Env``)."""

    #: Seconds between control ticks: an env-paced session ticks at it unless its client names
    #: another, and the watchdog holds the last action for whole periods of it.
    control_period: float = None

    def safe_action(self) -> Any:
        """The action that brings the robot to rest (zero velocity, brakes on), in the action
        space: an env-paced session steps with it once the watchdog's hold is over."""
        raise NotImplementedError

    def apply_safe_action(self) -> None:
        """Commands the safe action to the hardware now, outside any step: the watchdog calls it
        when it fires on an agent-paced session. The default does nothing (a simulation stands
        still between steps)."""

    def controlled_stop(self) -> None:
        """Brings the robot to a controlled stop: the watchdog's ``controlled_stop`` action. The
        default applies the safe action."""
        self.apply_safe_action()

    def on_fault(self, fault: str) -> None:
        """Called once each time the session latches a fault (watchdog, emergency stop)."""

    def emergency_stop(self, reason: str) -> None:
        """Stops the hardware at once (the brakes). A robot env must say what that means."""
        raise NotImplementedError


def is_robot(env: Any) -> bool:
    """Whether ``env`` (unwrapped) has a safe action and a control period."""
    return callable(getattr(env, "safe_action", None)) and bool(
        getattr(env, "control_period", None))


def robots(envs: Sequence[Any]) -> List[Any]:
    """The unwrapped robot envs of a vector's envs: all of them, or none if any is not one."""
    found = [getattr(e, "unwrapped", e) for e in envs]
    return found if found and all(is_robot(e) for e in found) else []


def call_hooks(envs: Sequence[Any], name: str, *args) -> None:
    """Calls hook ``name`` of every robot env; a hook that raises is logged, the others run."""
    for robot in robots(envs):
        hook = getattr(robot, name, None)
        if callable(hook):
            try:
                hook(*args)
            except Exception as e:  # a broken hook must not keep the others from running
                log.warning("the %s hook of %s failed: %r", name, type(robot).__name__, e)
