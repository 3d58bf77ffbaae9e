"""TLS for the server (``--tls-cert``, ``--tls-key``, ``--tls-client-ca``) and the rule on which
addresses may be served without it.

The certificate chain, its key and the client CA are PEM files. With a client CA, clients must
present a certificate it signed (mutual TLS), and the certificate's subject names the caller.
The files are read again when they change: grpc asks for the certificate configuration at every
new TLS handshake (``grpc.dynamic_ssl_server_credentials``, which works in Debian's grpcio 1.51),
and :meth:`TlsFiles.fetch` answers with new files once they have changed and load (the key must
match the certificate: checked with Python's ``ssl``). New connections get them; open ones keep
theirs. Files that are half written or do not match are refused with one warning, and the
current ones stay. The files are looked at once a second at most (their mtime, size and inode;
``check_period``).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import ssl
import threading
import time
from typing import Optional, Tuple

import grpc

log = logging.getLogger(__name__)

SETUP_HINT = ("add --tls-cert FILE --tls-key FILE (the server's PEM certificate chain and key) and "
              "a way to tell callers apart, --tokens FILE (lines 'name token', tokens of 32+ "
              "characters: openssl rand -hex 32) or --tls-client-ca FILE (clients need a "
              "certificate it signed); or bind 127.0.0.1; or pass --insecure on a network you "
              "trust. See envserver-adapters/python/README.md, 'On a network'")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1); False for the wildcard
    addresses and everything else, names included (they may resolve anywhere)."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_problem(host: str, tls: bool, tokens: bool, client_ca: bool,
                     insecure: bool) -> Optional[str]:
    """Why serving ``host`` this way is refused, or None.

    Beyond loopback the server needs TLS and a way to authenticate callers (tokens or client
    certificates), unless --insecure. Tokens are never sent in plaintext beyond loopback, even
    with --insecure: a token seen on the network is a token anyone can use.
    """
    if is_loopback(host):
        return None
    if tokens and not tls:
        return (f"refusing to take bearer tokens on {host} without TLS: they would cross the "
                f"network in plaintext. Add --tls-cert FILE --tls-key FILE, or bind 127.0.0.1 "
                f"(behind a TLS proxy on the same machine)")
    if insecure or (tls and (tokens or client_ca)):
        return None
    missing = "TLS and caller authentication" if not tls else "caller authentication"
    return (f"refusing to serve {host} without {missing}: anyone who can reach it could run "
            f"envs on this machine; {SETUP_HINT}")


def _signature(paths) -> tuple:
    out = []
    for path in paths:
        st = os.stat(path)
        out.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


class TlsFiles:
    """The server's certificate, key and client CA, and the grpc credentials made of them."""

    def __init__(self, cert: str, key: str, client_ca: Optional[str] = None,
                 check_period: float = 1.0):
        self.cert, self.key, self.client_ca = cert, key, client_ca
        self.check_period = check_period
        self._paths = [p for p in (cert, key, client_ca) if p]
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._signature = _signature(self._paths)
        self._pem = self._load()  # at startup a bad file is an error: the server does not start

    @property
    def mutual(self) -> bool:
        return self.client_ca is not None

    def _load(self) -> Tuple[bytes, bytes, Optional[bytes]]:
        """Reads and checks the files; ValueError saying what is wrong."""
        first = [_read(p) for p in self._paths]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        try:
            context.load_cert_chain(self.cert, self.key)
        except ssl.SSLError as e:
            raise ValueError(f"{self.cert} and {self.key} are not a PEM certificate chain and "
                             f"its key: {e.reason or e}") from e
        if self.client_ca:
            try:
                context.load_verify_locations(cafile=self.client_ca)
            except ssl.SSLError as e:
                raise ValueError(f"{self.client_ca} is not a PEM CA certificate: "
                                 f"{e.reason or e}") from e
        if [_read(p) for p in self._paths] != first:
            raise ValueError("the files changed while they were read")
        cert, key = first[0], first[1]
        return cert, key, first[2] if self.client_ca else None

    def _configuration(self):
        cert, key, ca = self._pem
        return grpc.ssl_server_certificate_configuration([(key, cert)], root_certificates=ca)

    def credentials(self) -> grpc.ServerCredentials:
        return grpc.dynamic_ssl_server_credentials(
            self._configuration(), self.fetch, require_client_authentication=self.mutual)

    def fetch(self):
        """grpc's certificate configuration fetcher, called at each TLS handshake: a new
        configuration if the files changed and load, else None (keep the current one)."""
        try:
            return self._fetch()
        except Exception:  # grpc would log a bare traceback; this says what it was
            log.exception("TLS files: reload check failed; keeping the current certificate")
            return None

    def _fetch(self):
        with self._lock:
            now = time.monotonic()
            if now < self._next_check:
                return None
            self._next_check = now + self.check_period
            try:
                signature = _signature(self._paths)
            except OSError as e:
                log.warning("TLS files: %s; keeping the current certificate", e)
                return None
            if signature == self._signature:
                return None
            self._signature = signature
            try:
                self._pem = self._load()
            except (OSError, ValueError) as e:
                log.warning("TLS files changed but do not load, keeping the current certificate: "
                            "%s", e)
                return None
            log.info("TLS files reloaded (%s); new connections use them",
                     ", ".join(self._paths))
            return self._configuration()
