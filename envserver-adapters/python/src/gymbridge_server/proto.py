"""The generated message modules, imported under short names.

``values_pb2`` and ``env_service_pb2`` come from proto/src/main/proto/gymbridge/v1 (the contract
shared with the Java side); ``health_pb2`` is grpc.health.v1, from grpcio-health-checking when it
is installed (so that the two never clash in one descriptor pool), else from our own copy of
health.proto.
"""

from gymbridge_server._proto.gymbridge.v1 import env_service_pb2, values_pb2

try:  # the official package, if present, owns grpc/health/v1/health.proto in the default pool
    from grpc_health.v1 import health_pb2
except ImportError:
    from gymbridge_server._proto.grpc.health.v1 import health_pb2

__all__ = ["env_service_pb2", "values_pb2", "health_pb2"]
