#!/usr/bin/env bash
# Regenerates the Python message classes of gymbridge_server from the .proto files:
#   gymbridge/v1/{values,env_service}.proto  from proto/src/main/proto (shared with the Java side)
#   grpc/health/v1/health.proto              from envserver-adapters/python/proto (ours: Debian's
#                                            grpcio has no grpc_health module)
# Only protoc's --python_out is used (no grpc_tools, no grpc_python_plugin): the service is
# registered by hand in gymbridge_server/service.py.
#
# protoc writes `from gymbridge.v1 import values_pb2` into env_service_pb2.py; this script rewrites
# that one import to the package path gymbridge_server._proto.gymbridge.v1, so nothing has to be
# put on sys.path (a top-level `grpc` directory there would shadow grpcio itself).
#
# Usage: ./generate_proto.sh [OUT_DIR]   (default: src/gymbridge_server/_proto)
# tests/test_generated_in_sync.py runs it into a temporary directory and compares the result with
# the committed files, byte for byte.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo_protos="$here/../../proto/src/main/proto"
out="${1:-$here/src/gymbridge_server/_proto}"

command -v protoc >/dev/null 2>&1 || {
  echo "protoc not found: apt-get install protobuf-compiler" >&2
  exit 1
}

mkdir -p "$out"
protoc -I "$repo_protos" --python_out="$out" \
  gymbridge/v1/values.proto gymbridge/v1/env_service.proto
protoc -I "$here/proto" --python_out="$out" grpc/health/v1/health.proto

sed -i 's/^from gymbridge\.v1 import /from gymbridge_server._proto.gymbridge.v1 import /' \
  "$out/gymbridge/v1/env_service_pb2.py"

# Package markers, so that the generated modules import as gymbridge_server._proto.<path>.
for d in gymbridge gymbridge/v1 grpc grpc/health grpc/health/v1; do
  [ -e "$out/$d/__init__.py" ] || : > "$out/$d/__init__.py"
done
