"""gymbridge_server: serves Gymnasium envs to gymbridge.v1 clients (Java agents) over gRPC.

    python -m gymbridge_server --port 50051 --import my_envs

or, in-process (tests):

    from gymbridge_server import ServerOptions, serve
    handle = serve(ServerOptions(port=0))
    ...
    handle.stop()

Envs come from Gymnasium's registry (Gymnasium is imported lazily; without it the server still
runs) and from this package's own registry, :func:`register`, which needs no Gymnasium.
"""

from gymbridge_server.registry import REGISTRY, EnvSpec, Registry, TimeLimit, register
from gymbridge_server.server import ServerHandle, ServerOptions, serve

__version__ = "0.1.0"

__all__ = ["register", "serve", "ServerOptions", "ServerHandle", "Registry", "REGISTRY",
           "EnvSpec", "TimeLimit", "__version__"]
