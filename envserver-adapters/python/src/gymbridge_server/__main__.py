"""``python -m gymbridge_server``: serve Gymnasium (and gymbridge_server-registered) envs.

    python -m gymbridge_server --port 50051 [--host 127.0.0.1] [--allow CartPole-v1,Pendulum-v1]
        [--import my_envs] [--max-sessions N] [--max-num-envs N] [--lease-seconds S]
        [--allow-entry-points] [--log-level info]
        [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--tokens FILE] [--insecure]
        [--max-sessions-per-caller N] [--max-envs-per-caller N] [--operator CALLER ...]

Beyond loopback (--host 0.0.0.0, ...) it needs TLS and tokens or client certificates, or
--insecure; it refuses to start otherwise, saying how to set them up.

Prints one line to stdout once it listens, ``gymbridge python server listening on HOST:PORT``
(the bound port when --port is 0), and logs to stderr. SIGTERM or Ctrl-C drains (health
NOT_SERVING, no new calls, streams end with UNAVAILABLE, in-flight calls get 10 s) and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import signal
import sys
import threading

from gymbridge_server.server import ServerOptions, serve


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, exit 2
        self.exit(2, f"gymbridge_server: {message} (see --help)\n")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be in [0, 65535], got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _names(text: str) -> list:
    return [name.strip() for name in text.split(",") if name.strip()]


def parse_args(argv=None) -> argparse.Namespace:
    p = _Parser(prog="python -m gymbridge_server",
                description="Serve Gymnasium envs to gymbridge.v1 clients over gRPC.")
    p.add_argument("--port", type=_port, default=50051, help="port; 0 picks a free one "
                   "(default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind; 0.0.0.0 for the "
                   "network, which needs TLS and tokens or client certificates, or --insecure "
                   "(default: %(default)s, loopback only)")
    p.add_argument("--allow", type=_names, default=[], metavar="ID,ID,...",
                   help="serve only these env ids (default: every registered id)")
    p.add_argument("--import", dest="imports", type=_names, action="append", default=[],
                   metavar="MODULE[,MODULE]", help="import modules that register envs (with "
                   "gymnasium.register or gymbridge_server.register); repeatable")
    p.add_argument("--max-sessions", type=_positive_int, default=256,
                   help="most open sessions (default: %(default)s)")
    p.add_argument("--max-num-envs", type=_positive_int, default=1024,
                   help="largest num_envs of a session (default: %(default)s)")
    p.add_argument("--lease-seconds", type=_positive_float, default=600.0,
                   help="close sessions idle this long (default: %(default)s)")
    p.add_argument("--allow-entry-points", action="store_true",
                   help="allow env ids of the form module:EnvId, which import a module (run "
                   "code) on the server")
    p.add_argument("--tls-cert", metavar="FILE", help="serve TLS with this PEM certificate "
                   "chain (with --tls-key); read again when it changes")
    p.add_argument("--tls-key", metavar="FILE", help="the PEM private key of --tls-cert")
    p.add_argument("--tls-client-ca", metavar="FILE", help="require client certificates signed "
                   "by this PEM CA (mutual TLS); the certificate's subject names the caller")
    p.add_argument("--tokens", metavar="FILE", help="require a bearer token from this file: one "
                   "'name token' per line, # comments, tokens of 32+ characters; the name names "
                   "the caller; read again when it changes")
    p.add_argument("--unix", metavar="PATH", help="listen on a Unix domain socket instead of "
                   "--host/--port; it is made owner-only (0600), which is its access control")
    p.add_argument("--insecure", action="store_true", help="allow a non-loopback --host "
                   "without TLS or caller authentication (logged as a warning)")
    p.add_argument("--max-sessions-per-caller", type=_positive_int, metavar="N",
                   help="most open sessions of one caller (default: only --max-sessions)")
    p.add_argument("--operator", action="append", default=[], metavar="CALLER",
                   help="a caller who may stop every caller's sessions at once (estop "
                   "--all-callers): token:NAME, cert:DN or anonymous; repeatable")
    p.add_argument("--max-envs-per-caller", type=_positive_int, metavar="N",
                   help="most envs in the open sessions of one caller (default: no limit)")
    p.add_argument("--max-message-mb", type=_positive_int, metavar="MB",
                   help="largest inbound message in MiB, at least 4 (default: derived from the "
                   "served envs: 2 x --max-num-envs x the largest action of an env made with its "
                   "default kwargs, + 1 MiB, at least 4 MiB; logged at startup)")
    p.add_argument("--max-streams-per-connection", type=_positive_int, default=1024,
                   metavar="N", help="most concurrent streams on one connection "
                   "(default: %(default)s)")
    p.add_argument("--keepalive-seconds", type=_positive_float, default=60.0, metavar="S",
                   help="ping a client after this long idle (default: %(default)s)")
    p.add_argument("--keepalive-timeout-seconds", type=_positive_float, default=20.0,
                   metavar="S", help="close a connection whose ping goes unanswered this long "
                   "(default: %(default)s)")
    p.add_argument("--max-connection-age-seconds", type=_positive_float, default=3600.0,
                   metavar="S", help="ask a connection to go away at this age; its client "
                   "reconnects (default: %(default)s)")
    p.add_argument("--max-connection-age-grace-seconds", type=_positive_float, default=2100.0,
                   metavar="S", help="then close it this much later (default: %(default)s)")
    p.add_argument("--handshake-timeout-seconds", type=_positive_float, default=20.0,
                   metavar="S", help="close a connection that has not finished its handshakes "
                   "in this time (default: %(default)s)")
    p.add_argument("--log-level", default="info",
                   choices=["debug", "info", "warning", "error"],
                   help="stderr log level; debug shows the traceback of every env failure")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Nothing but the "listening on" line may reach stdout first: imports print to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        for module in (m for group in args.imports for m in group):
            try:
                importlib.import_module(module)
            except Exception as e:
                print(f"gymbridge_server: cannot import module {module!r}: "
                      f"{type(e).__name__}: {e}", file=sys.stderr)
                return 2
        try:
            options = ServerOptions(
                host=args.host, port=args.port, allow=tuple(args.allow),
                max_sessions=args.max_sessions, max_num_envs=args.max_num_envs,
                lease_seconds=args.lease_seconds, allow_entry_points=args.allow_entry_points,
                tls_cert=args.tls_cert, tls_key=args.tls_key, tls_client_ca=args.tls_client_ca,
                tokens=args.tokens, insecure=args.insecure,
                max_sessions_per_caller=args.max_sessions_per_caller,
                max_envs_per_caller=args.max_envs_per_caller, unix=args.unix,
                operators=tuple(args.operator),
                max_message_bytes=None if args.max_message_mb is None
                else args.max_message_mb << 20,
                max_streams_per_connection=args.max_streams_per_connection,
                keepalive_seconds=args.keepalive_seconds,
                keepalive_timeout_seconds=args.keepalive_timeout_seconds,
                max_connection_age_seconds=args.max_connection_age_seconds,
                max_connection_age_grace_seconds=args.max_connection_age_grace_seconds,
                handshake_timeout_seconds=args.handshake_timeout_seconds)
            handle = serve(options)
        except ValueError as e:  # a setting or a token/TLS file that is not right
            print(f"gymbridge_server: {e}", file=sys.stderr)
            return 2
        except OSError as e:
            print(f"gymbridge_server: {e}", file=sys.stderr)
            return 1
    stop = threading.Event()

    def on_signal(signum, frame):
        logging.getLogger("gymbridge_server").info("%s: shutting down",
                                                    signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"gymbridge python server listening on {handle.address}", flush=True)
    while not stop.wait(1.0):
        pass
    handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
