#!/usr/bin/env bash
# Runs the Python adapter's unittest suite (called by Maven in the test phase).
# Without a Python that has grpc, protobuf and numpy it skips with a message, except under
# CI=true, where it fails: a test that silently does not run proves nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! python="$("$here/find_python.sh")"; then
  msg="no Python 3 with grpc, protobuf and numpy: install them with 'apt-get install python3-grpcio python3-protobuf python3-numpy protobuf-compiler' (seen by /usr/bin/python3) or set GYMBRIDGE_PYTHON"
  if [ "${CI:-}" = "true" ]; then
    echo "FAILED: $msg (CI=true: the Python adapter tests must run)" >&2
    exit 1
  fi
  echo "SKIPPED: Python adapter tests: $msg" >&2
  exit 0
fi
echo "Python adapter tests with $python"
cd "$here"
PYTHONPATH="$here/src:$here/tests${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m unittest discover -s tests -t tests
