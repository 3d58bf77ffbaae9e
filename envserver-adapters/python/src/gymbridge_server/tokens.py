"""Bearer tokens (``--tokens FILE``) and who a call comes from.

The file names the callers, one ``name token`` per line::

    # gymbridge tokens: name, then a token of at least 32 characters (openssl rand -hex 32)
    alice 3f6c0e...
    ci    9b1d47...

Blank lines and lines starting with ``#`` are skipped. Names and tokens are printable ASCII
without spaces (gRPC metadata is ASCII); a name or a token may appear once. A client sends
``authorization: Bearer <token>`` metadata with every call. Tokens are compared in constant time
(``hmac.compare_digest`` of their SHA-256 digests, against every token, whichever matches), and a
missing, malformed or unknown token gets the same UNAUTHENTICATED message.

The file is read again when it changes (its mtime, size or inode, checked every few seconds by a
watcher thread): the new tokens apply to the next call, and a Session stream opened with a token
that is gone ends with UNAUTHENTICATED at its next request. A file that no longer reads or parses
is refused with a warning naming the line, and the old tokens stay.

Who a call comes from (:meth:`Authenticator.identify`), and so who owns the sessions it makes:
the token's name; else, without tokens, the client certificate's subject (``--tls-client-ca``);
else "anonymous".
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
import threading
from typing import Dict, List, NamedTuple, Optional, Tuple

from gymbridge_server import errors

log = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 32
ANONYMOUS = "anonymous"
#: One message for every missing or wrong token: it must not tell which.
UNAUTHENTICATED = ("this server needs a valid bearer token: send metadata 'authorization: Bearer "
                   "<token>' with a token from the server's --tokens file")
REVOKED = "the bearer token of this stream is no longer valid"


def parse_tokens(text: str, source: str) -> List[Tuple[str, bytes]]:
    """(name, SHA-256 digest of the token) per line; ValueError naming the line otherwise. The
    message never contains a token."""
    entries: List[Tuple[str, bytes]] = []
    names, digests = {}, {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source} line {number}"
        fields = line.split()
        if len(fields) != 2:
            raise ValueError(f"{where}: expected 'name token', got {len(fields)} fields")
        name, token = fields
        if not (name.isascii() and name.isprintable()):
            raise ValueError(f"{where}: the name must be printable ASCII")
        if not (token.isascii() and token.isprintable()):
            raise ValueError(f"{where}: the token of {name} must be printable ASCII")
        if len(token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"{where}: the token of {name} has {len(token)} characters; tokens "
                             f"need at least {MIN_TOKEN_LENGTH} (make one with: openssl rand "
                             f"-hex 32)")
        digest = hashlib.sha256(token.encode("ascii")).digest()
        if name in names:
            raise ValueError(f"{where}: {name} is named again (first on line {names[name]})")
        if digest in digests:
            raise ValueError(f"{where}: the token of {name} is also the token of "
                             f"{digests[digest]}; give every caller its own")
        names[name], digests[digest] = number, name
        entries.append((name, digest))
    if not entries:
        raise ValueError(f"{source} has no tokens (one 'name token' per line)")
    return entries


def _signature(path: str):
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size, st.st_ino


class TokenFile:
    """The tokens of a file, read again when it changes."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self.generation = 0  # bumped by every reload that changes the tokens
        self._signature = _signature(path)
        self._entries = self._read()  # ValueError/OSError at startup: the server does not start
        self._warn_if_readable_by_others()
        self._stop = threading.Event()
        self._watcher: Optional[threading.Thread] = None

    def __len__(self) -> int:
        return len(self._entries)

    def _read(self) -> List[Tuple[str, bytes]]:
        with open(self.path, encoding="utf-8") as f:
            return parse_tokens(f.read(), self.path)

    def _warn_if_readable_by_others(self) -> None:
        mode = os.stat(self.path).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("token file %s can be read by other users (mode %o): chmod 600 it",
                        self.path, stat.S_IMODE(mode))

    def name_of(self, token: str) -> Optional[str]:
        """The caller a token belongs to, or None. Constant time in the token's value: every
        entry is compared, digests of equal length."""
        digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()
        found = None
        for name, known in self._entries:
            if hmac.compare_digest(known, digest):
                found = name
        return found

    def reload_if_changed(self) -> bool:
        """Reads the file again if it changed since the last look; True if the tokens changed.
        A file that cannot be read or parsed keeps the old tokens, with a warning."""
        with self._lock:
            try:
                signature = _signature(self.path)
            except OSError as e:
                if self._signature is not None:
                    log.warning("token file %s: %s; keeping the %d tokens read before",
                                self.path, e.strerror or e, len(self._entries))
                self._signature = None
                return False
            if signature == self._signature:
                return False
            self._signature = signature
            try:
                entries = self._read()
            except (OSError, ValueError, UnicodeDecodeError) as e:
                log.warning("token file %s changed but is not valid, keeping the %d tokens read "
                            "before: %s", self.path, len(self._entries), e)
                return False
            changed = entries != self._entries
            if changed:
                self._entries = entries
                self.generation += 1
                log.info("token file %s reloaded: %d tokens (%s)", self.path, len(entries),
                         ", ".join(name for name, _ in entries))
            return changed

    def start_watching(self, period: float) -> None:
        def watch():
            while not self._stop.wait(period):
                try:
                    self.reload_if_changed()
                except Exception:
                    log.exception("token file %s: reload failed", self.path)

        self._watcher = threading.Thread(target=watch, name="gymbridge-tokens", daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)


class Identity(NamedTuple):
    """Who a call comes from; ``token`` and ``generation`` let a stream check it again."""

    caller: str
    token: Optional[str] = None
    generation: int = 0


class Authenticator:
    """Finds a call's caller, refusing calls without a valid token when there are tokens."""

    def __init__(self, tokens: Optional[TokenFile] = None):
        self.tokens = tokens

    def identify(self, context) -> Identity:
        """The caller of a call; UNAUTHENTICATED if tokens are required and it has no good one."""
        if self.tokens is not None:
            token = _bearer_token(context.invocation_metadata() or ())
            generation = self.tokens.generation
            name = None if token is None else self.tokens.name_of(token)
            if name is None:
                raise errors.unauthenticated(UNAUTHENTICATED)
            return Identity(name, token, generation)
        subject = _certificate_subject(context)
        return Identity(subject if subject else ANONYMOUS)

    def still_valid(self, identity: Identity) -> bool:
        """False if the token a stream was opened with has since been removed or given to
        another name (only looked at again after a reload)."""
        if identity.token is None or self.tokens.generation == identity.generation:
            return True
        return self.tokens.name_of(identity.token) == identity.caller


def _bearer_token(metadata) -> Optional[str]:
    values = [value for key, value in metadata if key == "authorization"]
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    scheme, _, token = values[0].strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token.strip()
    return token or None


def _certificate_subject(context) -> Optional[str]:
    """The verified client certificate's subject ("CN=alice,O=..."), else its common name."""
    try:
        auth: Dict[str, list] = context.auth_context() or {}
    except Exception:
        return None
    for key in ("x509_subject", "x509_common_name"):
        values = auth.get(key)
        if values:
            value = values[0]
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None
