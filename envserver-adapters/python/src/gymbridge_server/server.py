"""Starting and stopping a server: :func:`serve` takes :class:`ServerOptions` and returns a
:class:`ServerHandle` with the bound port and a draining :meth:`~ServerHandle.stop`.

    handle = serve(ServerOptions(port=0))
    print(handle.port)
    ...
    handle.stop()  # NOT_SERVING, no new calls, streams end, calls in flight finish, envs close

Beyond loopback a server needs TLS and a way to authenticate callers, or ``insecure=True``
(:func:`gymbridge_server.tls.exposure_problem`); ``ServerOptions`` refuses anything else before
anything is bound.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent import futures
from dataclasses import dataclass, field
from typing import Optional, Tuple

import grpc
import numpy as np

from gymbridge_server.catalog import Catalog
from gymbridge_server.codec import fill_value, values_pb2
from gymbridge_server.health import HealthService
from gymbridge_server.registry import REGISTRY, Registry
from gymbridge_server.requests import EnvRequests
from gymbridge_server.service import EnvService
from gymbridge_server.sessions import SessionStore
from gymbridge_server.tls import TlsFiles, exposure_problem, is_loopback
from gymbridge_server.tokens import Authenticator, TokenFile

log = logging.getLogger(__name__)

#: The floor of the inbound limit: gRPC's default, room for Make kwargs and Reset options.
MIN_MESSAGE_BYTES = 4 << 20
#: Headroom beside a Step's actions (ids, framing).
MESSAGE_HEADROOM_BYTES = 1 << 20


@dataclass
class ServerOptions:
    """The settings of a server (the flags of ``python -m gymbridge_server``).

    ``registry`` is the own registry to serve (default: the one ``gymbridge_server.register``
    fills); ``use_gymnasium=False`` serves it alone even where Gymnasium is installed.

    ``tls_cert``/``tls_key``/``tls_client_ca`` and ``tokens`` are file paths (see
    :mod:`~gymbridge_server.tls` and :mod:`~gymbridge_server.tokens`); they are read again when
    they change, looked at every ``reload_seconds``. The per-caller limits are None for none.
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
    tls_cert: Optional[str] = None
    tls_key: Optional[str] = None
    tls_client_ca: Optional[str] = None
    tokens: Optional[str] = None
    insecure: bool = False
    max_sessions_per_caller: Optional[int] = None
    max_envs_per_caller: Optional[int] = None
    #: Callers who may stop every caller's sessions (EmergencyStop all_callers): token:NAME,
    #: cert:DN or anonymous.
    operators: tuple = ()
    reload_seconds: float = 2.0
    unix: Optional[str] = None
    #: The largest inbound message; None derives it from the served envs (see inbound_limit).
    max_message_bytes: Optional[int] = None
    #: Connection limits, as the Java server's (docs/protocol.md).
    max_streams_per_connection: int = 1024
    keepalive_seconds: float = 60.0
    keepalive_timeout_seconds: float = 20.0
    max_connection_age_seconds: float = 3600.0
    max_connection_age_grace_seconds: float = 2100.0
    handshake_timeout_seconds: float = 20.0

    def __post_init__(self):
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be in [0, 65535], got {self.port}")
        if self.max_sessions < 1:
            raise ValueError(f"max sessions must be >= 1, got {self.max_sessions}")
        if self.max_num_envs < 1:
            raise ValueError(f"max num_envs must be >= 1, got {self.max_num_envs}")
        if not self.lease_seconds > 0:
            raise ValueError(f"lease must be positive, got {self.lease_seconds} s")
        if self.max_message_bytes is not None and self.max_message_bytes < MIN_MESSAGE_BYTES:
            raise ValueError(f"the largest inbound message must be at least {MIN_MESSAGE_BYTES} "
                             f"bytes, got {self.max_message_bytes}")
        if self.max_streams_per_connection < 1:
            raise ValueError("max streams per connection must be >= 1, got "
                             f"{self.max_streams_per_connection}")
        for name in ("keepalive_seconds", "keepalive_timeout_seconds",
                     "max_connection_age_seconds", "max_connection_age_grace_seconds",
                     "handshake_timeout_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("max_sessions_per_caller", "max_envs_per_caller"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name.replace('_', ' ')} must be >= 1, got {value}")
        for name in self.operators:
            if name != "anonymous" and not name.startswith(("token:", "cert:")):
                raise ValueError(f"operator {name!r} is no caller name: use token:NAME (a "
                                 f"token's name), cert:DN (a certificate's subject) or anonymous")
        if not self.reload_seconds > 0:
            raise ValueError(f"reload period must be positive, got {self.reload_seconds} s")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("--tls-cert and --tls-key go together: give both or neither")
        if self.tls_client_ca is not None and self.tls_cert is None:
            raise ValueError("--tls-client-ca needs --tls-cert and --tls-key (client "
                             "certificates are asked for during the TLS handshake)")
        if self.unix is not None and self.tls_cert is not None:
            raise ValueError("--unix and TLS do not go together: a Unix socket's file "
                             "permissions are its access control (drop --tls-cert/--tls-key)")
        problem = None if self.unix is not None else exposure_problem(
            self.host, self.tls_cert is not None, self.tokens is not None,
            self.tls_client_ca is not None, self.insecure)
        if problem is not None:
            raise ValueError(problem)
        self.allow = tuple(self.allow)


class ServerHandle:
    """A running server."""

    def __init__(self, server: grpc.Server, executor: futures.ThreadPoolExecutor, port: int,
                 options: ServerOptions, sessions: SessionStore, service: EnvService,
                 health: HealthService, tokens: Optional[TokenFile] = None):
        self._server = server
        self._executor = executor
        self.port = port
        self.host = options.host
        self.options = options
        self.sessions = sessions
        self._service = service
        self._health = health
        self.tokens = tokens
        #: The largest inbound message, in bytes (set by serve).
        self.max_message_bytes = MIN_MESSAGE_BYTES
        self._stopped = threading.Event()
        self._stop_lock = threading.Lock()
        self._stopping = False

    @property
    def address(self) -> str:
        """host:port (or unix:/path), as clients dial it."""
        if self.options.unix is not None:
            return f"unix:{self.options.unix}"
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
            if self.tokens is not None:
                self.tokens.stop_watching()
            self.sessions.stop_sweeper()
            self.sessions.close_all()
            self._service.shutdown()
            self._executor.shutdown(wait=False)
            if self.options.unix is not None:
                try:
                    import os
                    os.unlink(self.options.unix)
                except OSError:
                    pass
            self._stopped.set()

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Blocks until the server has stopped; False on timeout."""
        return self._stopped.wait(timeout)


def _load_security(options: ServerOptions):
    """The token file and TLS files of ``options`` (None for those not set); ValueError naming
    the flag if one does not load."""
    tokens = tls = None
    try:
        if options.tokens is not None:
            tokens = TokenFile(options.tokens)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"--tokens {options.tokens}: {getattr(e, 'strerror', None) or e}") from e
    try:
        if options.tls_cert is not None:
            tls = TlsFiles(options.tls_cert, options.tls_key, options.tls_client_ca,
                           check_period=options.reload_seconds)
    except (OSError, ValueError) as e:
        raise ValueError(f"TLS: {e}") from e
    return tokens, tls


def _log_security(options: ServerOptions, tokens: Optional[TokenFile],
                  tls: Optional[TlsFiles], port: int) -> None:
    where = f"{options.host}:{port}"
    if tls is not None:
        log.info("TLS on %s with %s%s", where, options.tls_cert,
                 f"; client certificates signed by {options.tls_client_ca} required"
                 if tls.mutual else "")
    if tokens is not None:
        log.info("bearer tokens from %s: %d callers; the file is read again when it changes",
                 options.tokens, len(tokens))
    if is_loopback(options.host) or (tls is not None and (tokens or tls.mutual)):
        return
    missing = "TLS or caller authentication" if tls is None else "caller authentication"
    for line in ["*" * 78,
                 f"INSECURE (--insecure): serving {where} without {missing}.",
                 "Anyone who can reach this port can make, step and close envs here" +
                 ("; traffic is plaintext." if tls is None else "."),
                 "Use it only on a network you trust; see README.md, 'On a network'.",
                 "*" * 78]:
        log.warning(line)


def inbound_limit(catalog: Catalog, max_num_envs: int) -> Tuple[int, Optional[str], int]:
    """The largest inbound message for serving ``catalog``: ``max(4 MiB, 2 x max_num_envs x A +
    1 MiB)``, A the wire size of a sampled action of each served env made with its default
    kwargs: the ``--allow`` ids, or without ``--allow`` this server's own registry (Gymnasium's
    whole registry would mean making hundreds of envs). Envs that cannot be made so are left
    out. Returns (limit, the env of the largest action, its size)."""
    ids = catalog.served_ids() if catalog.allow else catalog.registry.ids()
    largest, largest_id = 0, None
    for env_id in ids:
        try:
            env = catalog.make(env_id, {}, None, None)
        except Exception as e:  # an env that needs kwargs, or a package not installed
            log.debug("%s left out of the inbound limit: %s", env_id, e)
            continue
        try:
            value = values_pb2.Value()
            fill_value(value, _sample(env.action_space))
            size = value.ByteSize()
        except Exception as e:
            log.debug("%s left out of the inbound limit: %s", env_id, e)
            continue
        finally:
            try:
                env.close()
            except Exception:
                pass
        if size > largest:
            largest, largest_id = size, env_id
    limit = max(MIN_MESSAGE_BYTES,
                min(2 * max_num_envs * largest + MESSAGE_HEADROOM_BYTES, 1 << 30))
    return limit, largest_id, largest


def _sample(space):
    """A sample of ``space``: Gymnasium's spaces sample from their own seeded generator; others
    (test stand-ins) may take one."""
    try:
        space.seed(0)
        return space.sample()
    except (AttributeError, TypeError):
        return space.sample(np.random.default_rng(0))


def serve(options: ServerOptions) -> ServerHandle:
    """Starts a server; raises OSError if it cannot listen on host:port, ValueError if its token
    or TLS files do not load."""
    tokens, tls = _load_security(options)
    catalog = Catalog(options.registry, options.allow, options.allow_entry_points,
                      options.use_gymnasium)
    catalog.gymnasium  # import it now (if there), not in the first client's request
    if not catalog.served_ids():
        log.warning("no env ids to serve: install gymnasium, --import a module that registers "
                    "envs, or check --allow")
    if options.max_message_bytes is not None:
        max_message = options.max_message_bytes
        log.info("largest inbound message: %d bytes (set)", max_message)
    else:
        max_message, largest_id, largest = inbound_limit(catalog, options.max_num_envs)
        log.info("largest inbound message: %d bytes (largest action %d bytes, %s, x %d envs x 2 "
                 "+ 1 MiB, at least 4 MiB)", max_message, largest, largest_id,
                 options.max_num_envs)
    sessions = SessionStore(options.max_sessions, options.lease_seconds,
                            options.max_sessions_per_caller, options.max_envs_per_caller)
    service = EnvService(EnvRequests(catalog, sessions, options.max_num_envs,
                                     operators=frozenset(options.operators)),
                         Authenticator(tokens))
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
            ("grpc.max_receive_message_length", max_message),
            ("grpc.max_concurrent_streams", options.max_streams_per_connection),
            ("grpc.keepalive_time_ms", int(options.keepalive_seconds * 1000)),
            ("grpc.keepalive_timeout_ms", int(options.keepalive_timeout_seconds * 1000)),
            ("grpc.max_connection_age_ms", int(options.max_connection_age_seconds * 1000)),
            ("grpc.max_connection_age_grace_ms",
             int(options.max_connection_age_grace_seconds * 1000)),
            ("grpc.server_handshake_timeout_ms", int(options.handshake_timeout_seconds * 1000)),
            ("grpc.so_reuseport", 0),  # a port in use is an error, not shared silently
        ],
    )
    host = f"[{options.host}]" if ":" in options.host and not options.host.startswith("[") \
        else options.host
    if options.unix is not None:
        port = _bind_unix(server, options.unix)
        server.start()
        sessions.start_sweeper()
        if tokens is not None:
            tokens.start_watching(options.reload_seconds)
        log.info("listening on unix:%s (owner-only, 0600)", options.unix)
        handle = ServerHandle(server, executor, port, options, sessions, service, health, tokens)
        handle.max_message_bytes = max_message
        return handle
    try:
        if tls is not None:
            port = server.add_secure_port(f"{host}:{options.port}", tls.credentials())
        else:
            port = server.add_insecure_port(f"{host}:{options.port}")
    except RuntimeError as e:  # grpcio >= 1.5x raises; older versions return 0
        raise OSError(f"cannot listen on {options.host}:{options.port}: {e}") from e
    if port == 0:
        raise OSError(f"cannot listen on {options.host}:{options.port}")
    _log_security(options, tokens, tls, port)
    server.start()
    sessions.start_sweeper()
    if tokens is not None:
        tokens.start_watching(options.reload_seconds)
    handle = ServerHandle(server, executor, port, options, sessions, service, health, tokens)
    handle.max_message_bytes = max_message
    return handle


def _bind_unix(server: grpc.Server, path: str) -> int:
    """Binds a Unix domain socket at ``path`` that is 0600 from the moment it appears there:
    bound in a private (0700) directory beside it, made owner-only, then renamed into place. A
    socket no server answers on is replaced; a live one, or a file that is not a socket, is
    refused. Returns 0 (a Unix socket has no port)."""
    import os
    import socket
    import stat
    import tempfile

    path = os.path.abspath(path)
    if os.path.lexists(path):
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            raise OSError(f"cannot listen on unix:{path}: it exists and is not a socket")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
        except OSError:
            os.unlink(path)  # a dead server's socket
        else:
            raise OSError(f"cannot listen on unix:{path}: a server is listening there")
        finally:
            probe.close()
    private = tempfile.mkdtemp(prefix=".gymbridge-", dir=os.path.dirname(path))
    staged = os.path.join(private, "socket")
    try:
        if server.add_insecure_port(f"unix:{staged}") == 0 or not os.path.exists(staged):
            raise OSError(f"cannot listen on unix:{path}")
        os.chmod(staged, 0o600)
        os.rename(staged, path)
    except RuntimeError as e:
        raise OSError(f"cannot listen on unix:{path}: {e}") from e
    finally:
        try:
            os.rmdir(private)
        except OSError:
            pass
    return 0
