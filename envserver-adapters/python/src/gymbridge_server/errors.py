"""The one exception the server raises for a failed request: a gRPC status code and a message.

Every handler failure is an :class:`EnvError`; the unary RPCs turn it into the call's status and
the ``Session`` stream into an ``Error { code, message }`` response. Anything else that escapes a
handler is a bug of the server and becomes INTERNAL "server error: ...".

A message repeats a client's strings (session ids, env ids, kwarg names and values, render modes)
only through :func:`clip`, so a request cannot make an error message as large as itself, and
:func:`cap` bounds a whole message (an env's exception text included) before it goes on the wire.
"""

from __future__ import annotations

import grpc

#: The most characters of a client's string that an error message repeats.
ECHO_LIMIT = 64
#: The most characters of a whole error message (a status's details travel in HTTP/2 trailers).
MESSAGE_LIMIT = 2048


def clip(text, limit: int = ECHO_LIMIT) -> str:
    """A client's string as an error message may repeat it: non-printable characters escaped
    (``\\n``, ``\\x00``), and past ``limit`` characters cut, with "..." and the original length:
    ``abcd... (100000 characters)``."""
    text = str(text)
    head = text[:limit]
    if not head.isprintable():
        head = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                       for c in head)
    return head if len(text) <= limit else f"{head}... ({len(text)} characters)"


def cap(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """A whole error message cut to ``limit`` characters (with the original length)."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}... ({len(message)} characters)"


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


def unauthenticated(message: str) -> EnvError:
    """No valid credentials (a missing or wrong bearer token)."""
    return EnvError(grpc.StatusCode.UNAUTHENTICATED, message)


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
