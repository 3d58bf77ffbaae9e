"""Starting and stopping a server: :func:`serve` takes :class:`ServerOptions` and returns a
:class:`ServerHandle` with the bound port and a draining :meth:`~ServerHandle.stop`.

    handle = serve(ServerOptions(port=0))
    print(handle.port)
    ...
    handle.stop()  # NOT_SERVING, no new calls, streams end, calls in flight finish, envs close
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent import futures
from dataclasses import dataclass, field
from typing import Optional, Tuple

import grpc

from gymbridge_server.catalog import Catalog
from gymbridge_server.health import HealthService
from gymbridge_server.registry import REGISTRY, Registry
from gymbridge_server.requests import EnvRequests
from gymbridge_server.service import EnvService
from gymbridge_server.sessions import SessionStore

log = logging.getLogger(__name__)

#: Largest request accepted: big enough for a batch of image actions (as the Java server).
MAX_MESSAGE_BYTES = 64 << 20


@dataclass
class ServerOptions:
    """The settings of a server (the flags of ``python -m gymbridge_server``).

    ``registry`` is the own registry to serve (default: the one ``gymbridge_server.register``
    fills); ``use_gymnasium=False`` serves it alone even where Gymnasium is installed.
    """

    host: str = "127.0.0.1"
    port: int = 50051
    allow: Tuple[str, ...] = ()
    max_sessions: int = 256
    max_num_envs: int = 1024
    lease_seconds: float = 600.0
    allow_entry_points: bool = False
    drain_grace: float = 10.0
    registry: Registry = field(default_factory=lambda: REGISTRY)
    use_gymnasium: bool = True

    def __post_init__(self):
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be in [0, 65535], got {self.port}")
        if self.max_sessions < 1:
            raise ValueError(f"max sessions must be >= 1, got {self.max_sessions}")
        if self.max_num_envs < 1:
            raise ValueError(f"max num_envs must be >= 1, got {self.max_num_envs}")
        if not self.lease_seconds > 0:
            raise ValueError(f"lease must be positive, got {self.lease_seconds} s")
        self.allow = tuple(self.allow)


class ServerHandle:
    """A running server."""

    def __init__(self, server: grpc.Server, executor: futures.ThreadPoolExecutor, port: int,
                 options: ServerOptions, sessions: SessionStore, service: EnvService,
                 health: HealthService):
        self._server = server
        self._executor = executor
        self.port = port
        self.host = options.host
        self.options = options
        self.sessions = sessions
        self._service = service
        self._health = health
        self._stopped = threading.Event()
        self._stop_lock = threading.Lock()
        self._stopping = False

    @property
    def address(self) -> str:
        """host:port, as clients dial it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def session_count(self) -> int:
        """The number of open sessions."""
        return len(self.sessions)

    def expire_idle_sessions(self) -> int:
        """Closes the sessions idle past the lease now, rather than at the next sweep."""
        return self.sessions.expire_idle()

    def stop(self, grace: Optional[float] = None) -> None:
        """Drains and stops the server, then closes every session. Calling it again waits for
        the first call to finish."""
        with self._stop_lock:
            first = not self._stopping
            self._stopping = True
        if not first:
            self._stopped.wait()
            return
        grace = self.options.drain_grace if grace is None else grace
        deadline = time.monotonic() + grace
        try:
            self._health.enter_terminal_state()
            done = self._server.stop(grace)  # no new calls; cancels what is left at the deadline
            self._service.drain(deadline)
            if not done.wait(max(0.0, deadline - time.monotonic()) + 5):
                log.warning("the server did not stop within the drain grace of %s s", grace)
        finally:
            self.sessions.stop_sweeper()
            self.sessions.close_all()
            self._executor.shutdown(wait=False)
            self._stopped.set()

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Blocks until the server has stopped; False on timeout."""
        return self._stopped.wait(timeout)


def serve(options: ServerOptions) -> ServerHandle:
    """Starts a server; raises OSError if it cannot listen on host:port."""
    catalog = Catalog(options.registry, options.allow, options.allow_entry_points,
                      options.use_gymnasium)
    catalog.gymnasium  # import it now (if there), not in the first client's request
    if not catalog.served_ids():
        log.warning("no env ids to serve: install gymnasium, --import a module that registers "
                    "envs, or check --allow")
    sessions = SessionStore(options.max_sessions, options.lease_seconds)
    service = EnvService(EnvRequests(catalog, sessions, options.max_num_envs))
    health = HealthService()
    # One thread per call in flight; an open stream holds one for its lifetime. Calls beyond the
    # pool are refused with RESOURCE_EXHAUSTED instead of queueing forever.
    workers = max(64, options.max_sessions + 32)
    executor = futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gymbridge-call")
    server = grpc.server(
        executor,
        handlers=(service.handler(), health.handler()),
        maximum_concurrent_rpcs=workers,
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.so_reuseport", 0),  # a port in use is an error, not shared silently
        ],
    )
    host = f"[{options.host}]" if ":" in options.host and not options.host.startswith("[") \
        else options.host
    try:
        port = server.add_insecure_port(f"{host}:{options.port}")
    except RuntimeError as e:  # grpcio >= 1.5x raises; older versions return 0
        raise OSError(f"cannot listen on {options.host}:{options.port}: {e}") from e
    if port == 0:
        raise OSError(f"cannot listen on {options.host}:{options.port}")
    server.start()
    sessions.start_sweeper()
    return ServerHandle(server, executor, port, options, sessions, service, health)
