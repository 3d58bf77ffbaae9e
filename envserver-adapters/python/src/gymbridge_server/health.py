"""grpc.health.v1.Health, as the Java server serves it: SERVING for "" and
"gymbridge.v1.EnvService" while the server runs, NOT_SERVING for good once it starts shutting
down. ``Check`` of an unknown service is NOT_FOUND; ``Watch`` reports SERVICE_UNKNOWN for it, then
every change, and ends with UNAVAILABLE when the server shuts down.
"""

from __future__ import annotations

import threading

import grpc

from gymbridge_server.proto import health_pb2

SERVICE_NAME = "grpc.health.v1.Health"
ENV_SERVICE = "gymbridge.v1.EnvService"
SHUTTING_DOWN = "the server is shutting down"
_Status = health_pb2.HealthCheckResponse


class HealthService:
    """The health statuses of one server."""

    def __init__(self):
        self._statuses = {"": _Status.SERVING, ENV_SERVICE: _Status.SERVING}
        self._changed = threading.Condition()
        self._terminal = False

    def enter_terminal_state(self) -> None:
        """NOT_SERVING for every service from now on; ends every Watch."""
        with self._changed:
            self._terminal = True
            for service in self._statuses:
                self._statuses[service] = _Status.NOT_SERVING
            self._changed.notify_all()

    def check(self, request, context):
        status = self._statuses.get(request.service)
        if status is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service '{request.service}'")
        return _Status(status=status)

    def watch(self, request, context):
        last = None
        while True:
            with self._changed:
                while True:
                    status = self._statuses.get(request.service, _Status.SERVICE_UNKNOWN)
                    if status != last or self._terminal:
                        break
                    self._changed.wait(timeout=1.0)
                    if not context.is_active():
                        return
            if status != last:
                last = status
                yield _Status(status=status)
            if self._terminal:
                context.abort(grpc.StatusCode.UNAVAILABLE, SHUTTING_DOWN)

    def handler(self) -> grpc.GenericRpcHandler:
        request = health_pb2.HealthCheckRequest.FromString
        response = _Status.SerializeToString
        return grpc.method_handlers_generic_handler(SERVICE_NAME, {
            "Check": grpc.unary_unary_rpc_method_handler(self.check, request, response),
            "Watch": grpc.unary_stream_rpc_method_handler(self.watch, request, response),
        })
