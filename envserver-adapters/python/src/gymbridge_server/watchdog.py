"""A session's command watchdog and its fault (docs/protocol.md, "Watchdog"), as the Java
server's ``Watchdog``: fires on silence (no Step served, or no actions on a Control stream, for the
timeout; a lost stream at once), latches the session's fault, holds the last action for some
control periods, then takes its action (the robot envs' safe action or controlled stop).

Watchdogs run on one timer thread per server (:class:`Timer`), never behind a session's lock.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from typing import Callable, Optional

from gymbridge_server import errors, robot
from gymbridge_server.proto import env_service_pb2 as pb

log = logging.getLogger(__name__)

MAX_TIMEOUT_MS = 3_600_000
MAX_HOLD_PERIODS = 1000


class Fault:
    """Why a session is stopped; latched until a Reset or ClearFault."""

    __slots__ = ("message", "emergency", "latched_ns", "acted_ns")

    def __init__(self, message: str, emergency: bool):
        self.message = message
        self.emergency = emergency
        self.latched_ns = time.monotonic_ns()
        #: When the watchdog's action was taken (time.monotonic_ns()), or 0.
        self.acted_ns = 0


class Timer:
    """One daemon thread running callbacks at their times (a heap under a condition)."""

    def __init__(self, name: str = "gymbridge-watchdog"):
        self._heap = []
        self._order = itertools.count()
        self._cv = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def schedule(self, delay_s: float, fn: Callable[[], None]) -> None:
        with self._cv:
            heapq.heappush(self._heap, (time.monotonic() + delay_s, next(self._order), fn))
            self._cv.notify()

    def stop(self) -> None:
        with self._cv:
            self._stopped = True
            self._cv.notify()

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._stopped and (not self._heap
                                             or self._heap[0][0] > time.monotonic()):
                    self._cv.wait(None if not self._heap
                                  else self._heap[0][0] - time.monotonic())
                if self._stopped:
                    return
                _, _, fn = heapq.heappop(self._heap)
            try:
                fn()
            except Exception:
                log.warning("a watchdog callback failed", exc_info=True)


def validate(w: pb.Watchdog) -> None:
    """INVALID_ARGUMENT naming the field of a MakeRequest's watchdog that is out of range."""
    if not 1 <= w.command_timeout_ms <= MAX_TIMEOUT_MS:
        raise errors.invalid_argument(
            f"watchdog.command_timeout_ms must be in [1, {MAX_TIMEOUT_MS}], got "
            f"{w.command_timeout_ms}")
    if not 0 <= w.hold_periods <= MAX_HOLD_PERIODS:
        raise errors.invalid_argument(
            f"watchdog.hold_periods must be in [0, {MAX_HOLD_PERIODS}], got {w.hold_periods}")
    if w.action not in (0, 1, 2):
        raise errors.invalid_argument(
            "watchdog.action must be WATCHDOG_ACTION_SAFE_ACTION (1) or "
            f"WATCHDOG_ACTION_CONTROLLED_STOP (2), got {w.action}")


def period(session) -> float:
    """The session's control period in seconds: its Control stream's, else its robot envs', else
    1 / metadata render_fps, else 0."""
    control = session.control
    if control is not None:
        return control.period
    robots = robot.robots(session.env.envs)
    if robots:
        return float(robots[0].control_period)
    fps = session.env.metadata.get("render_fps")
    if isinstance(fps, (int, float)) and fps > 0:
        return 1.0 / fps
    return 0.0


class Watchdog:
    """One session's watchdog; its state is written by the session's calls, read by the timer."""

    def __init__(self, w: pb.Watchdog, session, timer: Timer):
        self.timeout = w.command_timeout_ms / 1000.0
        self.hold_periods = w.hold_periods
        self.controlled_stop = w.action == pb.WATCHDOG_ACTION_CONTROLLED_STOP
        self._session = session
        self._timer = timer
        self._last_command = time.monotonic()
        self._busy = False
        self._armed = False
        self._scheduled = False
        self._lock = threading.Lock()

    def arm(self) -> None:
        """A Reset or ClearFault: silence counts from now."""
        self._last_command = time.monotonic()
        self._armed = True
        self._schedule(self.timeout)

    def command_started(self) -> None:
        self._busy = True

    def command_ended(self) -> None:
        self._last_command = time.monotonic()
        self._busy = False

    def stream_lost(self) -> None:
        """A stream that carried the session was cancelled or lost its connection."""
        if self._armed:
            self._timer.schedule(
                0, lambda: self._fire("the client's stream was cancelled or lost its connection"))

    def _schedule(self, delay: float) -> None:
        with self._lock:
            if self._scheduled:
                return
            self._scheduled = True
        self._timer.schedule(delay, self._check)

    def _check(self) -> None:
        with self._lock:
            self._scheduled = False
        if not self._armed or self._session.closed:
            return
        silent = time.monotonic() - self._last_command
        if self._busy or silent < self.timeout:
            self._schedule(self.timeout if self._busy else self.timeout - silent)
            return
        self._fire(f"no command for {int(silent * 1000)} ms")

    def _fire(self, why: str) -> None:
        if not self._armed or self._session.closed:
            return
        self._armed = False
        fault = Fault(f"watchdog: {why}", emergency=False)
        if not self._session.latch(fault):
            return
        log.warning("session %s of %s: %s", self._session.id, self._session.env_id,
                    fault.message)
        control = self._session.control
        if control is not None:
            control.wake()  # its ticks hold, then take the action when due
            return
        self._timer.schedule(self.hold_periods * period(self._session), lambda: self._act(fault))

    def _act(self, fault: Fault) -> None:
        if self._session.fault is not fault or self._session.closed:
            return  # cleared during the hold
        robot.call_hooks(self._session.env.envs,
                         "controlled_stop" if self.controlled_stop else "apply_safe_action")
        fault.acted_ns = time.monotonic_ns()
