#!/usr/bin/env bash
# Prints a Python 3 that can run gymbridge_server (imports grpc, google.protobuf, numpy):
# $GYMBRIDGE_PYTHON, else python3, else /usr/bin/python3 (Debian's python3-grpcio and friends are
# seen only by the latter). Exits 1, printing nothing, if there is none.
for candidate in "${GYMBRIDGE_PYTHON:-}" python3 /usr/bin/python3; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import grpc, google.protobuf, numpy' >/dev/null 2>&1; then
    command -v "$candidate"
    exit 0
  fi
done
exit 1
