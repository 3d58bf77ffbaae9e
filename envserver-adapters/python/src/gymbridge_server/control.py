"""Env-paced control of one session on a Control stream (docs/protocol.md, "Env-paced
control"), as the Java server's ``ControlLoop``: a thread of its own ticks at the control period;
each tick steps the session's envs with the latest actions the client sent (held until new ones
come) or, once the watchdog fired and its hold is over, the robot envs' safe action, and queues
the tick for the stream.

A tick whose step ends after the next tick's due time has missed its deadline: the next tick
begins late, periods wholly overrun are skipped, and both are counted in ``missed_deadlines``.
Ticks wait for the transport in a queue of :data:`MAX_QUEUED`; when it is full the oldest is
dropped (the gap in tick numbers says so): a controller wants the newest observation.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import Optional

from gymbridge_server import errors, robot, watchdog
from gymbridge_server.proto import env_service_pb2 as pb

log = logging.getLogger(__name__)

MIN_PERIOD_US = 1_000
MAX_PERIOD_US = 10_000_000
MAX_QUEUED = 64


def period_of(session, period_us: int) -> float:
    """The control period in seconds a ControlStart asks for (0: the env's own)."""
    if period_us:
        if not MIN_PERIOD_US <= period_us <= MAX_PERIOD_US:
            raise errors.invalid_argument(
                f"period_us must be 0 (the env's own) or in [{MIN_PERIOD_US}, {MAX_PERIOD_US}], "
                f"got {period_us}")
        return period_us / 1e6
    own = watchdog.period(session)
    if own <= 0:
        raise errors.invalid_argument(
            f"{session.env_id} has no control period of its own (not a robot env, no "
            f"render_fps): give period_us")
    return max(own, MIN_PERIOD_US / 1e6)


class ControlLoop:
    """The ticks of one Control stream; :meth:`responses` yields them for the stream."""

    def __init__(self, requests, session, period: float):
        self.requests = requests
        self.session = session
        self.period = period
        self._latest = None  # (actions, seq, version)
        self._cv = threading.Condition()
        self._queue = collections.deque()
        self._ended = False  # no more ticks
        self._end_status: Optional[errors.EnvError] = None
        self.client_gone = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"gymbridge-control-{session.id[:8]}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def receive(self, action: pb.ControlAction) -> None:
        """New actions from the client: checked, then applied from the next tick on."""
        env = self.session.env
        actions = _decode_actions(env, action.actions)
        env._check_actions(actions)
        old = self._latest
        self._latest = (actions, action.seq, 1 if old is None else old[2] + 1)
        if self.session.watchdog is not None:
            self.session.watchdog.command_ended()

    def error(self, e: errors.EnvError) -> None:
        """Queues a request's error for the stream."""
        self._put(pb.ControlResponse(error=pb.Error(code=e.code_number,
                                                    message=errors.cap(e.message))))

    def half_closed(self) -> None:
        """The client half-closed: ticking ends."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """A fault was latched: the loop takes its action as soon as it is due."""
        self._wake.set()

    def _fault_due(self, period_ns: int) -> float:
        """When a latched fault's action is due (its hold over), or infinity if none is."""
        fault = self.session.fault
        if fault is None or fault.acted_ns:
            return float("inf")
        dog = self.session.watchdog
        if fault.emergency or dog is None:
            return fault.latched_ns
        return fault.latched_ns + dog.hold_periods * period_ns

    def _wait_until(self, due: int, period_ns: int) -> bool:
        """Waits until ``due`` (time.monotonic_ns()), or sooner when a fault's action falls due;
        True if the loop is to end."""
        while not self._stop.is_set():
            left = min(due, self._fault_due(period_ns)) - time.monotonic_ns()
            if left <= 0:
                return False
            self._wake.wait(left / 1e9)
            self._wake.clear()
        return True

    def lost(self) -> None:
        """The client cancelled or lost its connection: silence for the watchdog."""
        self.client_gone = True
        if self.session.watchdog is not None:
            self.session.watchdog.stream_lost()

    def responses(self):
        """The stream's responses, until the ticking ends; then raises its failure, if any."""
        while True:
            with self._cv:
                while not self._queue and not self._ended:
                    self._cv.wait()
                if self._queue:
                    item = self._queue.popleft()
                else:
                    break
            yield item
        if self._end_status is not None:
            raise self._end_status

    def _put(self, response) -> None:
        with self._cv:
            if len(self._queue) >= MAX_QUEUED:
                self._queue.popleft()
            self._queue.append(response)
            self._cv.notify_all()

    def _run(self) -> None:
        session = self.session
        period_ns = int(self.period * 1e9)
        origin = time.monotonic_ns()
        k = ticks = missed = applied_version = 0
        try:
            while not self._stop.is_set():
                due = origin + k * period_ns
                if self._wait_until(due, period_ns):
                    break
                began = time.monotonic_ns()
                fault = session.fault
                latest = self._latest
                dog = session.watchdog
                actions, seq, held, safe = None, 0, False, False
                if fault is None:
                    if latest is not None:
                        actions, seq = latest[0], latest[1]
                        held = latest[2] == applied_version
                        applied_version = latest[2]
                    elif robot.robots(session.env.envs):
                        actions = self._safe_actions()
                elif (not fault.emergency and dog is not None and latest is not None
                      and began - fault.latched_ns < dog.hold_periods * period_ns):
                    actions, seq, held = latest[0], latest[1], True  # the watchdog's hold
                elif (not fault.emergency and (dog is None or not dog.controlled_stop)
                      and robot.robots(session.env.envs)):
                    actions, safe = self._safe_actions(), True
                elif fault.acted_ns == 0:
                    if not fault.emergency:
                        robot.call_hooks(session.env.envs, "controlled_stop")
                    fault.acted_ns = began
                    if not self.client_gone:
                        self.error(errors.failed_precondition(
                            f"this session of {session.env_id} is stopped ({fault.message}): no "
                            f"ticks until a Reset or ClearFault"))
                if actions is not None:
                    tick = pb.ControlTick()
                    with session.lock:
                        if session.closed:
                            raise errors.not_found("the session was closed")
                        session.last_used = time.monotonic()
                        self.requests.step_locked(session, actions, seq, tick.step)
                    tick.step.timing.sent_monotonic_ns = time.monotonic_ns()
                    tick.step.timing.sent_unix_ns = time.time_ns()
                    if safe and fault.acted_ns == 0:
                        fault.acted_ns = began
                        robot.call_hooks(session.env.envs, "apply_safe_action")
                    ticks += 1
                    end = time.monotonic_ns()
                    next_due = due + period_ns
                    if end > next_due:
                        missed += 1 + (end - next_due) // period_ns
                    if not self.client_gone:
                        tick.tick = ticks
                        tick.held = held
                        tick.late_ns = max(0, began - due)
                        tick.missed_deadlines = missed
                        if fault is not None:
                            tick.fault = fault.message
                        self._put(pb.ControlResponse(tick=tick))
                elif session.closed:
                    raise errors.not_found("the session was closed")
                if self.client_gone and (dog is None or (fault is not None and fault.acted_ns)):
                    break  # nobody to tick for, and the watchdog's action is taken
                k = max(k + 1, (time.monotonic_ns() - origin) // period_ns)
        except errors.EnvError as e:
            self._end_status = e
        except Exception as e:
            log.warning("control loop of session %s failed", session.id, exc_info=True)
            self._end_status = errors.internal(f"control loop failed: {type(e).__name__}: {e}")
        finally:
            if session.control is self:
                session.control = None
            if session.fault is None and not session.closed:
                # nobody ticks now: a robot must not keep its last command
                robot.call_hooks(session.env.envs, "apply_safe_action")
            with self._cv:
                self._ended = True
                self._cv.notify_all()

    def _safe_actions(self):
        env = self.session.env
        return env.single_action_space.concatenate(
            [r.safe_action() for r in robot.robots(env.envs)])


def _decode_actions(env, value):
    try:
        return env.action_space.decode(value)
    except errors.EnvError:
        raise
    except Exception as e:
        raise errors.invalid_argument(f"malformed actions: {e}") from e
