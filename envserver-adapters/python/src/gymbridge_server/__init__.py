"""gymbridge_server: serves Gymnasium envs to gymbridge.v1 clients (Java agents) over gRPC.

    python -m gymbridge_server --port 50051 --import my_envs

or, in-process (tests):

    from gymbridge_server import ServerOptions, serve
    handle = serve(ServerOptions(port=0))
    ...
    handle.stop()

Envs come from Gymnasium's registry (Gymnasium is imported lazily; without it the server still
runs) and from this package's own registry, :func:`register`, which needs no Gymnasium. Importing
the package (to register envs) loads neither grpc nor Gymnasium; ``serve`` and its friends load
grpc on first use.
"""

from gymbridge_server.registry import REGISTRY, EnvSpec, Registry, TimeLimit, register

__version__ = "0.1.0"

_SERVER_NAMES = ("serve", "ServerOptions", "ServerHandle")

__all__ = ["register", "serve", "ServerOptions", "ServerHandle", "Registry", "REGISTRY",
           "EnvSpec", "TimeLimit", "__version__"]


def __getattr__(name):  # PEP 562: the server (and grpc) only when asked for
    if name in _SERVER_NAMES:
        from gymbridge_server import server

        return getattr(server, name)
    raise AttributeError(f"module 'gymbridge_server' has no attribute {name!r}")
