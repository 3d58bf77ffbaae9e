"""The gRPC binding of :class:`~gymbridge_server.requests.EnvRequests`, registered by hand (no
grpc_tools): unary calls answer with the response or a status; the Session stream answers every
request in order and carries failures as error responses.

Requests arrive as bytes and are parsed here, not by grpc: grpc's own deserializer would answer
bytes that do not parse with INTERNAL "Exception deserializing request!", and end a Session
stream. Here they are INVALID_ARGUMENT "cannot parse the request: ...", a unary call's status or,
on the stream, an error response after which the stream goes on.

Every call is authenticated first (:class:`~gymbridge_server.tokens.Authenticator`): without a
valid token, when the server has tokens, it is UNAUTHENTICATED before its bytes are parsed. A
stream is authenticated when it opens; if its token is removed from the token file, its next
request ends it with UNAUTHENTICATED. The health service needs no token (it says SERVING or
NOT_SERVING and nothing else), so load balancers and probes can use it.

It runs on grpc's synchronous server: each call (and each open stream) has a thread of the pool,
the env steps in it, and calls for different sessions run in parallel. Responses of a stream are
sent one at a time, each waiting for the transport to take the last one, so a client that writes
without reading cannot make the server buffer without bound.

Shutdown (:meth:`EnvService.drain`): each open stream finishes the request it is answering, sends
that response, then ends with UNAVAILABLE "the server is shutting down"; requests it had not
started get no response. A stream idle in its read is woken for that (see :func:`_wake`).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Optional

import grpc

from gymbridge_server import control, errors
from gymbridge_server.health import SHUTTING_DOWN
from gymbridge_server.proto import env_service_pb2 as pb
from gymbridge_server.requests import EnvRequests, as_env_error
from gymbridge_server.tokens import REVOKED, Authenticator

log = logging.getLogger(__name__)

SERVICE_NAME = "gymbridge.v1.EnvService"

#: Sessions a stream remembers for their watchdogs; one caller's are far fewer.
MAX_REMEMBERED_SESSIONS = 1024


class _Wake:
    """What a woken stream reads instead of a request."""


_WAKE = _Wake()


class _Stream:
    __slots__ = ("requests", "context", "lock", "busy", "draining", "woken", "served", "ended")

    def __init__(self, requests, context):
        self.requests = requests
        self.context = context
        self.lock = threading.Lock()
        self.busy = False
        self.draining = False
        self.woken = False
        #: Sessions this stream served (made, reset, stepped), for their watchdogs if it is lost.
        self.served = set()
        #: The stream ended as the protocol says (half-close, drain), not cancelled or lost.
        self.ended = False

    def remember(self, request, response) -> None:
        """Keeps the id of a session this stream used successfully; forgets closed ones."""
        if response.WhichOneof("response") == "error":
            return
        kind = request.WhichOneof("request")
        if kind == "make":
            id = response.make.session_id
        elif kind in ("reset", "step", "clear_fault"):
            id = getattr(request, kind).session_id
        elif kind == "close":
            self.served.discard(request.close.session_id)
            return
        else:
            return
        if len(self.served) < MAX_REMEMBERED_SESSIONS or id in self.served:
            self.served.add(id)


def _wake(stream: _Stream) -> bool:
    """Makes a stream blocked in its read return at once; True if it did.

    grpc's synchronous server offers no way to end a call whose handler thread is waiting for the
    next request, short of cancelling it (which the client sees as CANCELLED, not UNAVAILABLE).
    So this hands the waiting read a token instead of a request, through the request iterator's
    state (grpc._server._RequestIterator, stable from grpcio 1.2x to 1.6x); the handler then ends
    the call with UNAVAILABLE itself. It only does so while the read is pending; if grpc's
    internals are not as expected it falls back to cancelling the call.
    """
    state = getattr(stream.requests, "_state", None)
    condition = getattr(state, "condition", None)
    if condition is None or not hasattr(state, "request") or not hasattr(state, "due"):
        stream.context.cancel()
        return True
    token = getattr(getattr(grpc, "_server", None), "_RECEIVE_MESSAGE_TOKEN", "receive_message")
    with condition:
        if state.request is None and token in state.due:
            state.request = _WAKE
            condition.notify_all()
            return True
    return False


def _cancelled(context, grace: float = 0.0) -> bool:
    """Whether the client cancelled the call (or its connection was lost), waiting up to
    ``grace`` seconds for grpc to hear of it.

    grpc's synchronous server ends a call's request iterator the same way for a half-close and,
    at times, for a cancel whose status has not arrived yet (the connection closed first); the
    call's state says which once it has (grpc._server._RPCState.client, stable from grpcio 1.2x to
    1.6x). Without that state, an inactive call counts as cancelled.
    """
    end = time.monotonic() + grace
    while True:
        state = getattr(context, "_state", None)
        if state is not None and hasattr(state, "client"):
            if state.client == "cancelled":
                return True
        elif not context.is_active():
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.005)


def parse(message_cls, raw: bytes):
    """The request message in ``raw``; INVALID_ARGUMENT if the bytes do not parse as one."""
    try:
        return message_cls.FromString(raw)
    except Exception as e:  # google.protobuf.message.DecodeError, whichever backend
        raise errors.invalid_argument(
            f"cannot parse the request: {errors.clip(e, 256)} ({len(raw)} bytes, not a valid "
            f"{message_cls.DESCRIPTOR.full_name})") from e


class EnvService:
    """gymbridge.v1.EnvService on grpc's synchronous server."""

    def __init__(self, requests: EnvRequests, auth: Optional[Authenticator] = None):
        self._requests = requests
        self._auth = auth or Authenticator()
        self._streams = set()
        self._lock = threading.Lock()
        self._draining = False

    def handler(self) -> grpc.GenericRpcHandler:
        r = self._requests
        # No request deserializers: the handlers get the bytes and parse them (see above).
        methods = {
            "GetServerInfo": self._unary(r.server_info, pb.GetServerInfoRequest, pb.ServerInfo),
            "ListEnvs": self._unary(r.list_envs, pb.ListEnvsRequest, pb.ListEnvsResponse),
            "Make": self._unary(r.make, pb.MakeRequest, pb.MakeResponse),
            "Reset": self._unary(r.reset, pb.ResetRequest, pb.ResetResponse),
            "Step": self._unary(r.step, pb.StepRequest, pb.StepResponse),
            "Render": self._unary(r.render, pb.RenderRequest, pb.RenderResponse),
            "Close": self._unary(r.close, pb.CloseRequest, pb.CloseResponse),
            "EmergencyStop": self._unary(r.emergency_stop, pb.EmergencyStopRequest,
                                         pb.EmergencyStopResponse),
            "ClearFault": self._unary(r.clear_fault, pb.ClearFaultRequest,
                                      pb.ClearFaultResponse),
            "Control": grpc.stream_stream_rpc_method_handler(
                self.control, None, pb.ControlResponse.SerializeToString),
            "Session": grpc.stream_stream_rpc_method_handler(
                self.session, None, pb.SessionResponse.SerializeToString),
        }
        return grpc.method_handlers_generic_handler(SERVICE_NAME, methods)

    def _unary(self, handle, request_cls, response_cls):
        auth = self._auth

        def behavior(raw, context):
            out = response_cls()
            try:
                caller = auth.identify(context).caller
                handle(parse(request_cls, raw), out, caller)
            except Exception as e:
                error = as_env_error(e)
                context.abort(error.code, errors.cap(error.message))
            return out

        return grpc.unary_unary_rpc_method_handler(
            behavior, None, response_cls.SerializeToString)

    def session(self, request_iterator, context):
        """One client's stream: requests answered one at a time, in order."""
        stream = _Stream(request_iterator, context)
        with self._lock:
            if self._draining:
                context.abort(grpc.StatusCode.UNAVAILABLE, SHUTTING_DOWN)
        try:
            identity = self._auth.identify(context)
        except errors.EnvError as e:
            context.abort(e.code, e.message)
        with self._lock:
            self._streams.add(stream)

        def on_termination():
            # cancelled, or the connection lost: silence for watchdogs
            if not stream.ended or _cancelled(context):
                with stream.lock:
                    served = list(stream.served)
                self._requests.stream_lost(served)

        context.add_callback(on_termination)
        end = (grpc.StatusCode.UNAVAILABLE, SHUTTING_DOWN)
        try:
            for raw in request_iterator:
                with stream.lock:
                    if stream.draining or raw is _WAKE:
                        break
                    stream.busy = True
                if not self._auth.still_valid(identity):
                    end = (grpc.StatusCode.UNAUTHENTICATED, REVOKED)
                    break
                try:
                    request = parse(pb.SessionRequest, raw)
                    response = self._requests.handle(request, identity.caller)
                    with stream.lock:
                        stream.remember(request, response)
                except errors.EnvError as e:  # bytes that do not parse: answered, and go on
                    response = pb.SessionResponse(error=pb.Error(code=e.code_number,
                                                                 message=e.message))
                with stream.lock:
                    stream.busy = False
                yield response
                if stream.draining:
                    break
            else:
                stream.ended = True
                return  # the client half-closed: the stream completes with OK
            stream.ended = True
            context.abort(*end)
        finally:
            with self._lock:
                self._streams.discard(stream)

    def control(self, request_iterator, context):
        """A Control stream: env-paced control of one session (control.ControlLoop)."""
        with self._lock:
            if self._draining:
                context.abort(grpc.StatusCode.UNAVAILABLE, SHUTTING_DOWN)
        try:
            identity = self._auth.identify(context)
            loop = self._start_control(request_iterator, identity.caller)
        except errors.EnvError as e:
            context.abort(e.code, errors.cap(e.message))
        if loop is None:
            return
        finished = threading.Event()
        context.add_callback(lambda: None if finished.is_set() else loop.lost())

        def read():
            try:
                for raw in request_iterator:
                    try:
                        request = parse(pb.ControlRequest, raw)
                        if request.WhichOneof("request") != "action":
                            raise errors.invalid_argument(
                                "this Control stream has started already"
                                if request.WhichOneof("request") == "start"
                                else "empty ControlRequest: set start or action")
                        loop.receive(request.action)
                    except Exception as e:
                        loop.error(as_env_error(e))
            except Exception:  # the call ended under the read: cancelled or lost
                loop.lost()
                return
            if _cancelled(context, grace=0.1):
                loop.lost()
            else:
                loop.half_closed()

        threading.Thread(target=read, name="gymbridge-control-read", daemon=True).start()
        loop.start()
        try:
            yield from loop.responses()
        except errors.EnvError as e:
            finished.set()
            context.abort(e.code, errors.cap(e.message))
        finished.set()

    def _start_control(self, request_iterator, caller: str):
        """The loop of a Control stream's start; None if the client half-closed at once."""
        raw = next(request_iterator, None)
        if raw is None:
            return None
        request = parse(pb.ControlRequest, raw)
        if request.WhichOneof("request") != "start":
            raise errors.invalid_argument("a Control stream's first request must be a start")
        session = self._requests.sessions.find(request.start.session_id, caller)
        with session.lock:
            if not session.ever_reset:
                raise errors.failed_precondition(
                    f"reset this session of {session.env_id} before controlling it")
            period = control.period_of(session, request.start.period_us)
            if session.control is not None:
                raise errors.failed_precondition(
                    f"this session of {session.env_id} is controlled by another Control stream")
            loop = control.ControlLoop(self._requests, session, period)
            session.control = loop
        return loop

    def shutdown(self) -> None:
        """Stops the watchdogs' thread (after the sessions are closed)."""
        self._requests.shutdown()

    def drain(self, deadline: float) -> None:
        """Ends every open stream as the module docstring says; returns when none is left or at
        ``deadline`` (time.monotonic())."""
        with self._lock:
            self._draining = True
            streams = list(self._streams)
        for stream in streams:
            with stream.lock:
                stream.draining = True
        while time.monotonic() < deadline:
            with self._lock:
                streams = list(self._streams)
            if not streams:
                return
            for stream in streams:
                with stream.lock:
                    idle = not stream.busy
                if idle and not stream.woken:
                    stream.woken = _wake(stream)
            time.sleep(0.005)
        log.warning("%d stream(s) still open after the drain grace", len(self._streams))
