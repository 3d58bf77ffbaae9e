"""Shared helpers of the tests: the dependency check, sys.path, and a small gRPC client.

Every test module calls :func:`require_dependencies` before it imports grpc or numpy: without
them it skips with the apt-get line to fix that, except under CI=true, where it fails (a test that
silently does not run proves nothing).
"""

from __future__ import annotations

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = os.path.dirname(HERE)
SRC = os.path.join(ADAPTER, "src")
for path in (SRC, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)

INSTALL_HINT = ("apt-get install python3-grpcio python3-protobuf python3-numpy, and run the tests "
                "with /usr/bin/python3 (the Python that sees Debian's packages)")


def require_dependencies() -> None:
    """Skips the calling module (fails it under CI=true) if grpc, protobuf or numpy is missing."""
    try:
        import google.protobuf  # noqa: F401
        import grpc  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        message = f"gymbridge_server's tests need grpc, protobuf and numpy ({e}): {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            raise RuntimeError(message + " (CI=true: failing instead of skipping)") from e
        raise unittest.SkipTest(message)


def has_gymnasium() -> bool:
    """True if real Gymnasium can be imported (the optional Gymnasium tests run then)."""
    try:
        import gymnasium  # noqa: F401
    except Exception:
        return False
    return True


GYMNASIUM_HINT = ("needs real Gymnasium (pip install gymnasium, or PYTHONPATH holding it); "
                  "the rest of the suite covers the same paths with tests/gym_api_envs.py")


class Client:
    """A thin client of gymbridge.v1 for the tests: unary calls and Session streams.

    ``credentials`` (grpc.ssl_channel_credentials) makes it a TLS client, checking the server's
    certificate for the name "localhost"; ``token`` sends ``authorization: Bearer <token>`` with
    every call.
    """

    def __init__(self, address: str, credentials=None, token=None):
        import grpc

        from gymbridge_server.proto import env_service_pb2 as pb
        from gymbridge_server.proto import health_pb2

        self.pb = pb
        self.metadata = None if token is None else [("authorization", f"Bearer {token}")]
        if credentials is None:
            self.channel = grpc.insecure_channel(address)
        else:
            self.channel = grpc.secure_channel(
                address, credentials, options=[("grpc.ssl_target_name_override", "localhost"),
                                               ("grpc.use_local_subchannel_pool", 1)])
        self._calls = {}
        for name, req, resp in [("GetServerInfo", pb.GetServerInfoRequest, pb.ServerInfo),
                                ("ListEnvs", pb.ListEnvsRequest, pb.ListEnvsResponse),
                                ("Make", pb.MakeRequest, pb.MakeResponse),
                                ("Reset", pb.ResetRequest, pb.ResetResponse),
                                ("Step", pb.StepRequest, pb.StepResponse),
                                ("Render", pb.RenderRequest, pb.RenderResponse),
                                ("Close", pb.CloseRequest, pb.CloseResponse),
                                ("EmergencyStop", pb.EmergencyStopRequest,
                                 pb.EmergencyStopResponse),
                                ("ClearFault", pb.ClearFaultRequest, pb.ClearFaultResponse)]:
            self._calls[name] = self.channel.unary_unary(
                f"/gymbridge.v1.EnvService/{name}", req.SerializeToString, resp.FromString)
        self._session = self.channel.stream_stream(
            "/gymbridge.v1.EnvService/Session", pb.SessionRequest.SerializeToString,
            pb.SessionResponse.FromString)
        self.control = self.channel.stream_stream(
            "/gymbridge.v1.EnvService/Control", pb.ControlRequest.SerializeToString,
            pb.ControlResponse.FromString)
        self.health_check = self.channel.unary_unary(
            "/grpc.health.v1.Health/Check", health_pb2.HealthCheckRequest.SerializeToString,
            health_pb2.HealthCheckResponse.FromString)
        self.health_watch = self.channel.unary_stream(
            "/grpc.health.v1.Health/Watch", health_pb2.HealthCheckRequest.SerializeToString,
            health_pb2.HealthCheckResponse.FromString)

    def call(self, name: str, request, timeout: float = 30):
        return self._calls[name](request, timeout=timeout, metadata=self.metadata)

    def server_info(self):
        return self.call("GetServerInfo", self.pb.GetServerInfoRequest())

    def list_envs(self):
        return self.call("ListEnvs", self.pb.ListEnvsRequest())

    def make(self, env_id: str, **fields):
        return self.call("Make", self.pb.MakeRequest(env_id=env_id, **fields))

    def reset(self, session_id: str, **fields):
        return self.call("Reset", self.pb.ResetRequest(session_id=session_id, **fields))

    def step(self, session_id: str, actions=None):
        request = self.pb.StepRequest(session_id=session_id)
        if actions is not None:
            request.actions.CopyFrom(actions)
        return self.call("Step", request)

    def render(self, session_id: str, env_index: int = 0):
        return self.call("Render", self.pb.RenderRequest(session_id=session_id,
                                                         env_index=env_index))

    def close(self, session_id: str):
        return self.call("Close", self.pb.CloseRequest(session_id=session_id))

    def stream(self, timeout: float = 30) -> "Stream":
        return Stream(self._session, timeout, self.metadata)

    def shutdown(self):
        self.channel.close()


class Stream:
    """A Session stream: ``send`` requests, ``receive`` responses (in order)."""

    _END = object()

    def __init__(self, call, timeout: float, metadata=None):
        import queue

        self._requests = queue.Queue()
        self._responses = call(iter(self._requests.get, self._END), timeout=timeout,
                               metadata=metadata)

    def send(self, request) -> None:
        self._requests.put(request)

    def receive(self):
        return next(self._responses)

    def ask(self, request):
        self.send(request)
        return self.receive()

    def half_close(self) -> None:
        self._requests.put(self._END)

    def cancel(self) -> None:
        self._responses.cancel()


OPENSSL_HINT = ("the TLS tests make their certificates with the openssl command: apt-get install "
                "openssl")


def make_certificates(directory: str) -> dict:
    """Makes test certificates with the openssl command in ``directory`` (EC P-256, valid for
    two days) and returns their paths by name: "ca" and "other_ca" (self-signed), "server"
    (signed by ca, for 127.0.0.1 and localhost), "server_other" (the same, signed by other_ca),
    "alice" and "bob" (client certificates signed by ca), "mallory" (one signed by other_ca);
    each as name + "_crt" and name + "_key". Nothing of it is committed.

    Skips the calling test (fails it under CI=true) if there is no openssl command.
    """
    import shutil
    import subprocess

    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError(OPENSSL_HINT + " (CI=true: failing instead of skipping)")
        raise unittest.SkipTest(OPENSSL_HINT)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    paths = {}

    def run(*args):
        subprocess.run([openssl, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)

    def path(name, ext):
        paths[f"{name}_{ext}"] = os.path.join(directory, f"{name}.{ext}")
        return paths[f"{name}_{ext}"]

    for ca in ["ca", "other_ca"]:
        run("req", "-x509", *ec, "-keyout", path(ca, "key"), "-out", path(ca, "crt"),
            "-days", "2", "-subj", f"/CN=gymbridge test {ca}")
    for name, ca, san in [("server", "ca", "IP:127.0.0.1,DNS:localhost"),
                          ("server_other", "other_ca", "IP:127.0.0.1,DNS:localhost"),
                          ("alice", "ca", "DNS:alice"), ("bob", "ca", "DNS:bob"),
                          ("mallory", "other_ca", "DNS:mallory")]:
        csr, ext = os.path.join(directory, f"{name}.csr"), os.path.join(directory, f"{name}.ext")
        with open(ext, "w") as f:
            f.write(f"subjectAltName={san}\n")
        run("req", *ec, "-keyout", path(name, "key"), "-out", csr,
            "-subj", f"/O=gymbridge tests/CN={name}")
        run("x509", "-req", "-in", csr, "-CA", paths[f"{ca}_crt"], "-CAkey", paths[f"{ca}_key"],
            "-CAcreateserial", "-out", path(name, "crt"), "-days", "2", "-extfile", ext)
    return paths


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def actions_value(array):
    """A Value holding a tensor of ``array``."""
    from gymbridge_server import codec
    from gymbridge_server.proto import values_pb2

    value = values_pb2.Value()
    codec.fill_tensor(value.tensor, array)
    return value


def python_value(**kwargs):
    """A Value of one kind: python_value(int_value=3), ..."""
    from gymbridge_server.proto import values_pb2

    return values_pb2.Value(**kwargs)
