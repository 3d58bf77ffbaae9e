"""The one exception the server raises for a failed request: a gRPC status code and a message.

Every handler failure is an :class:`EnvError`; the unary RPCs turn it into the call's status and
the ``Session`` stream into an ``Error { code, message }`` response. Anything else that escapes a
handler is a bug of the server and becomes INTERNAL "server error: ...".
"""

from __future__ import annotations

import grpc


class EnvError(Exception):
    """A request failed with ``code`` (a :class:`grpc.StatusCode`) and a message for a person."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def code_number(self) -> int:
        """The status code's number (google.rpc.Code), e.g. 3 for INVALID_ARGUMENT."""
        return self.code.value[0]


def invalid_argument(message: str) -> EnvError:
    """A malformed or invalid request."""
    return EnvError(grpc.StatusCode.INVALID_ARGUMENT, message)


def not_found(message: str) -> EnvError:
    """An unknown env id or session."""
    return EnvError(grpc.StatusCode.NOT_FOUND, message)


def failed_precondition(message: str) -> EnvError:
    """A request the session's state does not allow (step before reset, ...)."""
    return EnvError(grpc.StatusCode.FAILED_PRECONDITION, message)


def resource_exhausted(message: str) -> EnvError:
    """A limit of the server is reached."""
    return EnvError(grpc.StatusCode.RESOURCE_EXHAUSTED, message)


def permission_denied(message: str) -> EnvError:
    """Something the operator did not allow (env ids that import modules)."""
    return EnvError(grpc.StatusCode.PERMISSION_DENIED, message)


def internal(message: str) -> EnvError:
    """The env failed, or the server did."""
    return EnvError(grpc.StatusCode.INTERNAL, message)
