"""What the server does for each request, however it arrived (unary RPC or Session stream), as
the Java server's ``EnvRequests``: the same checks in the same order, the same status codes.

Handlers fill a response message given to them (a fresh one for a unary call, the matching field
of a SessionResponse on the stream), so nothing is copied between messages. Every failure is an
:class:`~gymbridge_server.errors.EnvError`. Each handler gets the caller (who the call comes
from, :mod:`~gymbridge_server.tokens`): sessions are made for it and found only for it.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time

import grpc
from typing import Any, Callable, Optional

from gymbridge_server import codec, errors, watchdog
from gymbridge_server.catalog import Catalog
from gymbridge_server.proto import env_service_pb2 as pb
from gymbridge_server.sessions import Session, SessionStore
from gymbridge_server.vector import VectorEnv

log = logging.getLogger(__name__)

PROTOCOL_VERSION = "gymbridge.v1"
SERVER_NAME = "gymbridge-python"
SERVER_VERSION = "0.1.0"
CAPABILITIES = ("stream", "render", "autoreset.next_step", "autoreset.same_step",
                "autoreset.disabled", "step.seq", "timing", "emergency_stop", "watchdog",
                "control")


def _check_not_stopped(session: Session) -> None:
    fault = session.fault
    if fault is not None:
        raise errors.failed_precondition(
            f"this session of {session.env_id} is stopped ({fault.message}); a Reset or "
            f"ClearFault clears it")
    if session.control is not None:
        raise errors.failed_precondition(
            f"this session of {session.env_id} is env-paced: a Control stream steps it; send "
            f"actions there")


def _stamp(timing: pb.Timing, point: str) -> None:
    """Sets ``point``'s monotonic and wall-clock times in ``timing`` (docs/protocol.md, Timing)."""
    setattr(timing, f"{point}_monotonic_ns", time.monotonic_ns())
    setattr(timing, f"{point}_unix_ns", time.time_ns())
_MAX_STEPS = 2**31 - 1
_MODES = {pb.AUTORESET_MODE_UNSPECIFIED: pb.AUTORESET_MODE_NEXT_STEP,
          pb.AUTORESET_MODE_NEXT_STEP: pb.AUTORESET_MODE_NEXT_STEP,
          pb.AUTORESET_MODE_SAME_STEP: pb.AUTORESET_MODE_SAME_STEP,
          pb.AUTORESET_MODE_DISABLED: pb.AUTORESET_MODE_DISABLED}


def _decode(what: str, decoder: Callable[[], Any]) -> Any:
    """Runs a decoding step: any failure is a malformed request, INVALID_ARGUMENT."""
    try:
        return decoder()
    except errors.EnvError:
        raise
    except Exception as e:
        raise errors.invalid_argument(f"malformed {what}: {e}") from e


def fill_spec(out: pb.EnvSpec, spec) -> None:
    out.id = spec.id
    if spec.max_episode_steps is not None:
        out.max_episode_steps = spec.max_episode_steps
    if spec.reward_threshold is not None:
        out.reward_threshold = spec.reward_threshold
    out.nondeterministic = spec.nondeterministic


class EnvRequests:
    """The request handlers of one server."""

    def __init__(self, catalog: Catalog, sessions: SessionStore, max_num_envs: int,
                 timer: Optional[watchdog.Timer] = None, operators: frozenset = frozenset()):
        self.catalog = catalog
        #: Callers who may stop every caller's sessions.
        self.operators = operators
        #: The watchdogs' thread (made on first use if not given).
        self._timer = timer
        self._timer_lock = threading.Lock()
        self.sessions = sessions
        self.max_num_envs = max_num_envs
        self._described = {}  # env id -> EnvDescription, or None if it failed to construct
        self._warned = set()  # (env id, info key) pairs already warned about
        #: This run of the server: a random id, new at every start (ServerInfo.incarnation).
        self.incarnation = secrets.token_hex(12)

    def lease_seconds(self) -> int:
        """The lease in whole seconds, rounded up, at least 1."""
        return max(1, -(-round(self.sessions.lease * 1000) // 1000))

    def server_info(self, req, out: pb.ServerInfo, caller: str) -> None:
        out.protocol_version = PROTOCOL_VERSION
        out.capabilities.extend(CAPABILITIES)
        out.server_name = SERVER_NAME
        out.server_version = SERVER_VERSION
        out.max_sessions = self.sessions.max_sessions
        out.max_num_envs = self.max_num_envs
        out.lease_seconds = self.lease_seconds()
        out.incarnation = self.incarnation

    def list_envs(self, req, out: pb.ListEnvsResponse, caller: str) -> None:
        for env_id in self.catalog.served_ids():
            description = self._describe(env_id)
            if description is not None:
                out.envs.add().CopyFrom(description)

    def _describe(self, env_id: str):
        """The description of an id made with its default kwargs, once per server."""
        if env_id not in self._described:
            description = None
            try:
                vector = VectorEnv(env_id, [self.catalog.make(env_id, {}, None, None)],
                                   pb.AUTORESET_MODE_NEXT_STEP)
                try:
                    description = pb.EnvDescription()
                    fill_spec(description.spec, self.catalog.spec(env_id))
                    vector.single_observation_space.fill_proto(description.observation_space)
                    vector.single_action_space.fill_proto(description.action_space)
                finally:
                    vector.close()
            except Exception as e:
                message = (e.message if isinstance(e, errors.EnvError)
                           else f"{type(e).__name__}: {e}")
                log.warning("ListEnvs leaves out %s: %s", env_id, message)
                description = None
            self._described[env_id] = description
        return self._described[env_id]

    def make(self, req: pb.MakeRequest, out: pb.MakeResponse, caller: str) -> None:
        if not req.env_id:
            raise errors.invalid_argument("make needs an env_id")
        env_id = self.catalog.resolve(req.env_id)
        num_envs = req.num_envs if req.num_envs != 0 else 1
        if num_envs < 0:
            raise errors.invalid_argument(f"num_envs must be >= 1, got {num_envs}")
        if num_envs > self.max_num_envs:
            raise errors.resource_exhausted(
                f"num_envs {num_envs} is over this server's limit of {self.max_num_envs}")
        render_mode = req.render_mode or None
        if render_mode is not None and render_mode != "rgb_array":
            raise errors.invalid_argument(
                f'render_mode must be "rgb_array" or empty, got "{errors.clip(render_mode)}"')
        mode = _MODES.get(req.autoreset_mode)
        if mode is None:
            raise errors.invalid_argument(f"unknown autoreset_mode {req.autoreset_mode}")
        kwargs = _decode("kwargs", lambda: {k: codec.to_python(v) for k, v in req.kwargs.items()})
        if "max_episode_steps" in kwargs or "render_mode" in kwargs:
            raise errors.invalid_argument(
                "max_episode_steps and render_mode are fields of MakeRequest, not kwargs")
        steps = None
        if req.HasField("max_episode_steps"):
            steps = req.max_episode_steps
            if not 1 <= steps <= _MAX_STEPS:
                raise errors.invalid_argument(
                    f"max_episode_steps must be in [1, {_MAX_STEPS}], got {steps}")
        if req.HasField("watchdog"):
            watchdog.validate(req.watchdog)
        self.sessions.check_capacity(caller, num_envs)  # before building envs for nothing
        self.catalog.check_kwarg_types(env_id, kwargs)  # where the Java envs check them
        env = self._make_vector(env_id, kwargs, num_envs, steps, render_mode, mode)
        try:
            out.num_envs = num_envs
            out.autoreset_mode = mode
            env.single_observation_space.fill_proto(out.single_observation_space)
            env.single_action_space.fill_proto(out.single_action_space)
            env.observation_space.fill_proto(out.observation_space)
            env.action_space.fill_proto(out.action_space)
            codec.fill_map(out.metadata, {str(k): v for k, v in env.metadata.items()},
                           lambda v: _unsupported_metadata(env_id, v))
            fill_spec(out.spec, self.catalog.spec(env_id).with_max_episode_steps(steps))
            out.lease_seconds = self.lease_seconds()
            out.incarnation = self.incarnation
        except Exception as e:
            env.close()
            raise errors.internal(f"{env_id} has spaces or metadata the protocol cannot carry: "
                                  f"{type(e).__name__}: {e}") from e
        session = self.sessions.add(env_id, env, render_mode, caller)
        if req.HasField("watchdog"):
            session.watchdog = watchdog.Watchdog(req.watchdog, session, self.timer())
        out.session_id = session.id

    def timer(self) -> watchdog.Timer:
        """The watchdogs' timer thread, started on first use."""
        with self._timer_lock:
            if self._timer is None:
                self._timer = watchdog.Timer()
            return self._timer

    def shutdown(self) -> None:
        """Stops the watchdogs' thread."""
        with self._timer_lock:
            if self._timer is not None:
                self._timer.stop()

    def _make_vector(self, env_id, kwargs, num_envs, steps, render_mode, mode) -> VectorEnv:
        envs = []
        try:
            for _ in range(num_envs):
                envs.append(self.catalog.make(env_id, dict(kwargs), steps, render_mode))
            try:
                return VectorEnv(env_id, envs, mode)
            except errors.EnvError:
                raise
            except Exception as e:
                raise errors.internal(
                    f"{env_id} has spaces or metadata the protocol cannot carry: "
                    f"{type(e).__name__}: {e}") from e
        except BaseException:
            for env in envs:
                try:
                    env.close()
                except Exception:
                    log.warning("closing %s failed", env_id, exc_info=True)
            raise

    def reset(self, req: pb.ResetRequest, out: pb.ResetResponse, caller: str) -> None:
        session = self.sessions.acquire(req.session_id, caller)
        _stamp(out.timing, "received")
        try:
            env = session.env
            mask = None
            if len(req.reset_mask) > 0:
                if len(req.reset_mask) != env.num_envs:
                    raise errors.invalid_argument(
                        f"reset_mask needs {env.num_envs} flags (one per env), got "
                        f"{len(req.reset_mask)}")
                mask = list(req.reset_mask)
            seed = req.seed if req.HasField("seed") else None
            if seed is not None and seed < 0:
                raise errors.invalid_argument(f"seed must be a non-negative integer, got {seed}")
            options = _decode("options", lambda: codec.map_to_python(req.options)) or None
            _stamp(out.timing, "applied")
            observations, infos = env.reset(seed, options, mask)
            _stamp(out.timing, "observed")
            session.ever_reset = True
            session.clear_fault()  # a Reset clears a fault and (re-)arms the watchdog
            env.observation_space.fill(out.observations, observations)
            codec.fill_infos(out.infos, infos, self._warner(session))
            _stamp(out.timing, "sent")
        finally:
            session.release()

    def step(self, req: pb.StepRequest, out: pb.StepResponse, caller: str) -> None:
        session = self.sessions.acquire(req.session_id, caller)
        _stamp(out.timing, "received")
        try:
            _check_not_stopped(session)
            env = session.env
            if not req.HasField("actions"):
                raise errors.invalid_argument(
                    f"step needs actions for {env.num_envs} envs of {session.env_id}, a value "
                    f"of {env.action_space}")
            seq = req.seq
            if seq:
                if seq == session.last_seq and session.last_step is not None:
                    out.CopyFrom(session.last_step)  # a retry of the last step: nothing steps
                    return
                if seq != session.last_seq + 1:
                    raise errors.failed_precondition(
                        f"step seq {seq} is out of order for this session of {session.env_id}: "
                        f"its last step was {session.last_seq}; send {session.last_seq + 1} for "
                        f"the next step, or {session.last_seq} again for the last one's answer")
            actions = _decode("actions", lambda: env.action_space.decode(req.actions))
            dog = session.watchdog
            if dog is not None:
                dog.command_started()
            try:
                self.step_locked(session, actions, seq, out)
            finally:
                if dog is not None:
                    dog.command_ended()
            _stamp(out.timing, "sent")
            if seq:
                session.last_seq = seq
                session.last_step = pb.StepResponse()
                session.last_step.CopyFrom(out)
        finally:
            session.release()

    def step_locked(self, session: Session, actions, seq: int, out: pb.StepResponse) -> None:
        """Steps the session's envs with decoded ``actions`` into ``out`` (all but its "sent"
        time); the caller holds the session's lock. Also one tick of a Control stream."""
        env = session.env
        _stamp(out.timing, "applied")
        observations, rewards, terminated, truncated, infos = env.step(actions)
        _stamp(out.timing, "observed")
        env.observation_space.fill(out.observations, observations)
        out.rewards.extend(rewards)
        out.terminated.extend(terminated)
        out.truncated.extend(truncated)
        codec.fill_infos(out.infos, infos, self._warner(session))
        out.seq = seq

    def clear_fault(self, req: pb.ClearFaultRequest, out: pb.ClearFaultResponse,
                    caller: str) -> None:
        """Clears a session's fault without resetting it; the watchdog counts from now."""
        old = self.sessions.find(req.session_id, caller).clear_fault()
        out.fault = old.message if old is not None else ""

    def stream_lost(self, session_ids) -> None:
        """A stream that carried these sessions was cancelled or lost its connection."""
        for id in session_ids:
            session = self.sessions.peek(id)
            if session is not None and session.watchdog is not None:
                session.watchdog.stream_lost()

    def render(self, req: pb.RenderRequest, out: pb.RenderResponse, caller: str) -> None:
        session = self.sessions.acquire(req.session_id, caller)
        try:
            if session.render_mode is None:
                raise errors.failed_precondition(
                    f"session of {session.env_id} was made without render_mode; make it with "
                    f'render_mode "rgb_array"')
            codec.fill_tensor(out.frame, session.env.render(req.env_index))
        finally:
            session.release()

    def emergency_stop(self, req: pb.EmergencyStopRequest, out: pb.EmergencyStopResponse,
                       caller: str) -> None:
        """Latches the fault of the session named, or of every open session of the caller, and
        calls the envs' ``emergency_stop(reason)`` hooks, without the sessions' locks: a step in
        progress finishes, the next is refused until a Reset."""
        reason = errors.clip(req.reason) if req.reason else ""
        fault = "emergency stop" + (f": {reason}" if reason else "")
        if req.all_callers:
            if req.session_id:
                raise errors.invalid_argument(
                    "all_callers stops every session: leave session_id empty")
            if caller not in self.operators:
                raise errors.EnvError(
                    grpc.StatusCode.PERMISSION_DENIED,
                    f"only the server's operators may stop every caller's sessions, and you "
                    f"({caller}) are not one (--operator NAME); your own sessions stop without "
                    f"all_callers")
            stopped = self.sessions.all_open()
        else:
            stopped = self.sessions.to_stop(req.session_id, caller)
        for session in stopped:
            session.latch(watchdog.Fault(fault, emergency=True))
            if session.control is not None:
                session.control.wake()  # its ticks stop at once
            for env in session.env.envs:
                hook = getattr(getattr(env, "unwrapped", env), "emergency_stop", None)
                if callable(hook):
                    try:
                        hook(reason)
                    except Exception as e:
                        log.warning("the emergency-stop hook of %s (session %s) failed: %r",
                                    session.env_id, session.id, e)
        out.sessions = len(stopped)
        log.warning("EMERGENCY STOP of %d session(s) of %s%s%s", len(stopped),
                    "every caller, by " if req.all_callers else "", caller,
                    f": {reason}" if reason else "")

    def close(self, req: pb.CloseRequest, out: pb.CloseResponse, caller: str) -> None:
        self.sessions.close(req.session_id, caller)

    def handle(self, req: pb.SessionRequest, caller: str) -> pb.SessionResponse:
        """Answers one stream request; a failure becomes an error response, never an exception."""
        out = pb.SessionResponse()
        kind = req.WhichOneof("request")
        try:
            if kind == "step":
                self.step(req.step, out.step, caller)
            elif kind == "reset":
                self.reset(req.reset, out.reset, caller)
            elif kind == "make":
                self.make(req.make, out.make, caller)
            elif kind == "render":
                self.render(req.render, out.render, caller)
            elif kind == "close":
                self.close(req.close, out.close, caller)
                out.close.SetInParent()
            elif kind == "get_server_info":
                self.server_info(req.get_server_info, out.server_info, caller)
            elif kind == "clear_fault":
                self.clear_fault(req.clear_fault, out.clear_fault, caller)
            else:
                raise errors.invalid_argument("empty SessionRequest: set one request")
        except Exception as e:
            error = as_env_error(e)
            out.Clear()
            out.error.code = error.code_number
            out.error.message = errors.cap(error.message)
        return out

    def _warner(self, session: Session):
        def on_unsupported(key: str, value: Any) -> str:
            if (session.env_id, key) not in self._warned:
                self._warned.add((session.env_id, key))
                log.warning("%s: info[%r] holds a %s, which gymbridge.v1 has no kind for; it is "
                            "sent as its repr string (warned once per env and key)",
                            session.env_id, key, type(value).__name__)
            return repr(value)
        return on_unsupported


def _unsupported_metadata(env_id: str, value: Any) -> str:
    log.warning("%s: a metadata value of type %s is sent as its repr string", env_id,
                type(value).__name__)
    return repr(value)


def as_env_error(e: BaseException) -> errors.EnvError:
    """Maps anything a handler raised to an EnvError; unexpected ones are INTERNAL."""
    if isinstance(e, errors.EnvError):
        return e
    log.warning("unexpected failure in the server", exc_info=e)
    return errors.internal(f"server error: {type(e).__name__}: {e}")
