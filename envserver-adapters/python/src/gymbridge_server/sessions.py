"""The open sessions of a server: creation within the limits, lookup, close, and the lease that
closes sessions left idle (as the Java server's SessionStore).

A session belongs to the caller that made it (:mod:`~gymbridge_server.tokens`: a token's name, a
client certificate's subject, or "anonymous"). For anyone else it does not exist: Reset, Step and
Render are NOT_FOUND with the message an id that never existed gets, Close does nothing, and an
expired session is "expired" only to its owner. Besides the server's limit on open sessions, a
caller may be held to ``max_sessions_per_caller`` sessions and ``max_envs_per_caller`` envs
(the num_envs of its open sessions, summed); None is no limit of its own.

Each session has its own lock: requests for one session run one at a time, requests for
different sessions run in parallel. A background sweeper closes sessions idle longer than the
lease, every min(lease / 4, 5 s); the ids it closed are remembered (the last 4096), so that a late
client hears NOT_FOUND "session ... expired" rather than "no open session".
"""

from __future__ import annotations

import collections
import logging
import secrets
import threading
import time
from typing import Dict, List, Optional

from gymbridge_server import errors, robot
from gymbridge_server.vector import VectorEnv

log = logging.getLogger(__name__)

REMEMBERED_EXPIRED = 4096


class Session:
    """One client's vector of envs on the server."""

    __slots__ = ("id", "env_id", "env", "render_mode", "owner", "lock", "last_used", "closed",
                 "last_seq", "last_step", "fault", "watchdog", "control", "ever_reset",
                 "_fault_lock")

    def __init__(self, id: str, env_id: str, env: VectorEnv, render_mode: Optional[str],
                 owner: str):
        self.id = id
        self.env_id = env_id
        self.env = env
        self.render_mode = render_mode
        self.owner = owner
        self.lock = threading.Lock()
        self.last_used = time.monotonic()
        self.closed = False
        #: The seq of the last numbered Step and its response (guarded by the lock).
        self.last_seq = 0
        self.last_step = None
        #: Why the session is stopped (a watchdog.Fault), or None; a Reset or ClearFault clears
        #: it.
        self.fault = None
        self._fault_lock = threading.Lock()
        #: The session's watchdog.Watchdog, or None.
        self.watchdog = None
        #: The control.ControlLoop ticking the session, or None (agent-paced).
        self.control = None
        #: A Reset has succeeded (guarded by the lock).
        self.ever_reset = False

    def latch(self, fault) -> bool:
        """Latches ``fault`` unless one is latched already (an emergency stop replaces a
        watchdog's fault); True if it did, and then the robot envs' on_fault hooks hear of it."""
        with self._fault_lock:
            old = self.fault
            if old is not None and (old.emergency or not fault.emergency):
                return False
            self.fault = fault
        robot.call_hooks(self.env.envs, "on_fault", fault.message)
        return True

    def clear_fault(self):
        """Clears the fault (Reset, ClearFault), re-arms the watchdog; returns the old one."""
        with self._fault_lock:
            old, self.fault = self.fault, None
        if self.watchdog is not None and self.ever_reset:
            self.watchdog.arm()
        return old

    def release(self) -> None:
        self.lock.release()

    def close_locked(self) -> None:
        """Closes the envs once; the caller holds the lock."""
        if not self.closed:
            self.closed = True
            self.env.close()


def describe_lease(seconds: float) -> str:
    """A lease as the Java server words it: "600 s", or "200 ms" when not whole seconds."""
    millis = round(seconds * 1000)
    return f"{millis // 1000} s" if millis % 1000 == 0 else f"{millis} ms"


class SessionStore:
    """Sessions by id, within the limits, closed after ``lease`` seconds idle."""

    def __init__(self, max_sessions: int, lease: float,
                 max_sessions_per_caller: Optional[int] = None,
                 max_envs_per_caller: Optional[int] = None):
        self.max_sessions = max_sessions
        self.lease = lease
        self.max_sessions_per_caller = max_sessions_per_caller
        self.max_envs_per_caller = max_envs_per_caller
        self._sessions: Dict[str, Session] = {}
        self._lock = threading.Lock()
        self._held: Dict[str, List[int]] = {}  # caller -> [open sessions, their envs]
        # ids of expired sessions -> their owners
        self._expired: "collections.OrderedDict[str, str]" = collections.OrderedDict()
        self._stop = threading.Event()
        self._sweeper: Optional[threading.Thread] = None

    def __len__(self) -> int:
        return len(self._sessions)

    def check_capacity(self, caller: str, num_envs: int) -> None:
        """RESOURCE_EXHAUSTED if there is no room for another session of ``num_envs`` envs for
        ``caller``."""
        with self._lock:
            problem = self._no_room(caller, num_envs)
        if problem is not None:
            raise problem

    def _no_room(self, caller: str, num_envs: int) -> Optional[errors.EnvError]:
        if len(self._sessions) >= self.max_sessions:
            return errors.resource_exhausted(f"the server has its maximum of {self.max_sessions} "
                                             f"open sessions; close one first")
        sessions, envs = self._held.get(caller, (0, 0))
        limit = self.max_sessions_per_caller
        if limit is not None and sessions >= limit:
            return errors.resource_exhausted(
                f"you have this server's maximum of {limit} open sessions per caller; close one "
                f"first")
        limit = self.max_envs_per_caller
        if limit is not None and envs + num_envs > limit:
            return errors.resource_exhausted(
                f"num_envs {num_envs} would bring your open envs to {envs + num_envs}, over this "
                f"server's limit of {limit} per caller; close a session first")
        return None

    def add(self, env_id: str, env: VectorEnv, render_mode: Optional[str],
            caller: str) -> Session:
        """Registers a session of ``caller`` for ``env``, or closes env and fails if a limit is
        reached."""
        with self._lock:
            problem = self._no_room(caller, env.num_envs)
            if problem is None:
                session = Session(secrets.token_hex(16), env_id, env, render_mode, caller)
                self._sessions[session.id] = session
                held = self._held.setdefault(caller, [0, 0])
                held[0] += 1
                held[1] += env.num_envs
                return session
        env.close()
        raise problem

    def _forget_locked(self, session: Session) -> None:
        """Takes an open session off the books (the caller holds ``self._lock``)."""
        del self._sessions[session.id]
        held = self._held[session.owner]
        held[0] -= 1
        held[1] -= session.env.num_envs
        if held[0] == 0:
            del self._held[session.owner]

    def acquire(self, id: str, caller: str) -> Session:
        """The open session ``id`` of ``caller``, locked and touched; the caller must
        ``release()`` it.

        NOT_FOUND if it is unknown, closed, expired or another caller's.
        """
        session = self._sessions.get(id)
        if session is None or session.owner != caller:
            raise self._not_found(id, caller)
        session.lock.acquire()
        if session.closed:
            session.lock.release()
            raise self._not_found(id, caller)
        session.last_used = time.monotonic()
        return session

    def find(self, id: str, caller: str) -> Session:
        """The open session ``id`` of ``caller``, not locked; NOT_FOUND otherwise."""
        with self._lock:
            session = self._sessions.get(id)
        if session is None or session.owner != caller or session.closed:
            raise self._not_found(id, caller)
        return session

    def peek(self, id: str) -> Optional[Session]:
        """The open session ``id``, whoever's, or None."""
        with self._lock:
            return self._sessions.get(id)

    def all_open(self) -> list:
        """Every open session, whoever's, without their locks."""
        with self._lock:
            return [s for s in self._sessions.values() if not s.closed]

    def to_stop(self, id: str, caller: str) -> list:
        """The open sessions to stop, without their locks: ``id`` (NOT_FOUND unless it is
        ``caller``'s), or every open session of ``caller`` if ``id`` is empty."""
        if id:
            return [self.find(id, caller)]
        with self._lock:
            return [s for s in self._sessions.values() if s.owner == caller and not s.closed]

    def close(self, id: str, caller: str) -> None:
        """Closes ``id`` if it is open and ``caller``'s; anything else does nothing."""
        with self._lock:
            session = self._sessions.get(id)
            if session is None or session.owner != caller:
                return
            self._forget_locked(session)
        self._close_quietly(session)

    def expire_idle(self) -> int:
        """Closes the sessions idle longer than the lease; returns how many."""
        closed = 0
        with self._lock:
            sessions = list(self._sessions.values())
        for session in sessions:
            if time.monotonic() - session.last_used <= self.lease:
                continue
            if not session.lock.acquire(blocking=False):
                continue  # in the middle of a request: not idle
            try:
                if session.closed or time.monotonic() - session.last_used <= self.lease:
                    continue
                with self._lock:
                    if self._sessions.get(session.id) is session:
                        self._forget_locked(session)
                    self._expired[session.id] = session.owner
                    while len(self._expired) > REMEMBERED_EXPIRED:
                        self._expired.popitem(last=False)
                self._close_locked(session)
                closed += 1
            finally:
                session.lock.release()
        if closed:
            log.info("lease: closed %d idle session(s), %d open", closed, len(self._sessions))
        return closed

    def close_all(self) -> None:
        """Closes every session (server shutdown)."""
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
            self._held.clear()
        for session in sessions:
            self._close_quietly(session)

    # ---- the sweeper ----

    def start_sweeper(self) -> None:
        period = max(0.01, min(self.lease / 4, 5.0))

        def sweep():
            while not self._stop.wait(period):
                try:
                    self.expire_idle()
                except Exception:
                    log.exception("lease sweep failed")

        self._sweeper = threading.Thread(target=sweep, name="gymbridge-lease", daemon=True)
        self._sweeper.start()

    def stop_sweeper(self) -> None:
        self._stop.set()
        if self._sweeper is not None:
            self._sweeper.join(timeout=5)

    # ---- helpers ----

    def _close_quietly(self, session: Session) -> None:
        with session.lock:
            self._close_locked(session)

    @staticmethod
    def _close_locked(session: Session) -> None:
        try:
            session.close_locked()
        except Exception:
            log.warning("closing session %s (%s) failed", session.id, session.env_id,
                        exc_info=True)

    def held_by(self, caller: str) -> tuple:
        """(open sessions, their envs) of ``caller``."""
        with self._lock:
            return tuple(self._held.get(caller, (0, 0)))

    def _not_found(self, id: str, caller: str) -> errors.EnvError:
        with self._lock:
            expired = self._expired.get(id) == caller
        if expired:
            return errors.not_found(f"session {id} expired: it was idle longer than the lease "
                                    f"of {describe_lease(self.lease)}")
        return errors.not_found(f"no open session with id '{errors.clip(id)}'; make one first")
