"""The open sessions of a server: creation within the limits, lookup, close, and the lease that
closes sessions left idle (as the Java server's SessionStore).

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
from typing import Dict, Optional

from gymbridge_server import errors
from gymbridge_server.vector import VectorEnv

log = logging.getLogger(__name__)

REMEMBERED_EXPIRED = 4096


class Session:
    """One client's vector of envs on the server."""

    __slots__ = ("id", "env_id", "env", "render_mode", "lock", "last_used", "closed")

    def __init__(self, id: str, env_id: str, env: VectorEnv, render_mode: Optional[str]):
        self.id = id
        self.env_id = env_id
        self.env = env
        self.render_mode = render_mode
        self.lock = threading.Lock()
        self.last_used = time.monotonic()
        self.closed = False

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
    """Sessions by id, within ``max_sessions``, closed after ``lease`` seconds idle."""

    def __init__(self, max_sessions: int, lease: float):
        self.max_sessions = max_sessions
        self.lease = lease
        self._sessions: Dict[str, Session] = {}
        self._lock = threading.Lock()
        self._expired: "collections.OrderedDict[str, None]" = collections.OrderedDict()
        self._stop = threading.Event()
        self._sweeper: Optional[threading.Thread] = None

    def __len__(self) -> int:
        return len(self._sessions)

    def check_capacity(self) -> None:
        """RESOURCE_EXHAUSTED if there is no room for another session."""
        if len(self._sessions) >= self.max_sessions:
            raise self._full()

    def _full(self) -> errors.EnvError:
        return errors.resource_exhausted(
            f"the server has its maximum of {self.max_sessions} open sessions; close one first")

    def add(self, env_id: str, env: VectorEnv, render_mode: Optional[str]) -> Session:
        """Registers a session for ``env``, or closes env and fails if the server is full."""
        with self._lock:
            if len(self._sessions) >= self.max_sessions:
                env.close()
                raise self._full()
            session = Session(secrets.token_hex(16), env_id, env, render_mode)
            self._sessions[session.id] = session
            return session

    def acquire(self, id: str) -> Session:
        """The open session ``id``, locked and touched; the caller must ``release()`` it.

        NOT_FOUND if it is unknown, closed or expired.
        """
        session = self._sessions.get(id)
        if session is None:
            raise self._not_found(id)
        session.lock.acquire()
        if session.closed:
            session.lock.release()
            raise self._not_found(id)
        session.last_used = time.monotonic()
        return session

    def close(self, id: str) -> None:
        """Closes ``id`` if it is open; an unknown or closed id does nothing."""
        with self._lock:
            session = self._sessions.pop(id, None)
        if session is not None:
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
                    self._sessions.pop(session.id, None)
                    self._expired[session.id] = None
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

    def _not_found(self, id: str) -> errors.EnvError:
        with self._lock:
            expired = id in self._expired
        if expired:
            return errors.not_found(f"session {id} expired: it was idle longer than the lease "
                                    f"of {describe_lease(self.lease)}")
        return errors.not_found(f"no open session with id '{errors.clip(id)}'; make one first")
