"""The server on a network: TLS, mutual TLS, bearer tokens and their reload, sessions that belong
to their caller, per-caller limits, and the refusal of an exposed address without protection.

Certificates are made at test time with the openssl command (tests skip without it, and fail
under CI=true); no private key is committed. Servers bind 127.0.0.1 only: the refusal of other
addresses is checked on ServerOptions, before anything would be bound.
"""

import contextlib
import io
import logging
import os
import shutil
import tempfile
import time
import unittest
from unittest import mock

from _support import Client, actions_value, make_certificates, read, require_dependencies

require_dependencies()

import grpc  # noqa: E402

import gym_api_envs  # noqa: E402,F401  (registers the test envs)
from gymbridge_server import ServerOptions, serve  # noqa: E402
from gymbridge_server import __main__ as cli  # noqa: E402
from gymbridge_server import server as server_module  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402
from gymbridge_server.proto import health_pb2  # noqa: E402
from gymbridge_server.tokens import UNAUTHENTICATED, parse_tokens  # noqa: E402

C = grpc.StatusCode
ALICE = "a" * 32
BOB = "b" * 40
CAROL = "c" * 32
TOKENS = f"# test tokens\nalice {ALICE}\n\nbob   {BOB}\n"


def setUpModule():
    global CERTS, TMP
    TMP = tempfile.mkdtemp(prefix="gymbridge-security-")
    CERTS = make_certificates(TMP)


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def write(path: str, text: str) -> None:
    """Writes a file so that its change is seen: a new mtime even within the same tick."""
    before = os.stat(path).st_mtime_ns if os.path.exists(path) else 0
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def fails(test, code, call, *args, **kwargs) -> str:
    with test.assertRaises(grpc.RpcError) as caught:
        call(*args, **kwargs)
    test.assertEqual(caught.exception.code(), code, caught.exception.details())
    return caught.exception.details()


def tls_client(address, ca="ca", cert=None, token=None) -> Client:
    key = None if cert is None else read(CERTS[f"{cert}_key"])
    chain = None if cert is None else read(CERTS[f"{cert}_crt"])
    credentials = grpc.ssl_channel_credentials(read(CERTS[f"{ca}_crt"]), key, chain)
    return Client(address, credentials, token)


class ServerCase(unittest.TestCase):
    """Starts servers for a test and stops them (and their clients) after it."""

    def setUp(self):
        self._stack = contextlib.ExitStack()
        self.dir = tempfile.mkdtemp(prefix="gymbridge-tokens-", dir=TMP)

    def tearDown(self):
        self._stack.close()

    def start(self, **options):
        options.setdefault("use_gymnasium", False)
        handle = serve(ServerOptions(port=0, **options))
        self._stack.callback(handle.stop, 2)
        return handle

    def client(self, client: Client) -> Client:
        self._stack.callback(client.shutdown)
        return client

    def token_file(self, text=TOKENS) -> str:
        path = os.path.join(self.dir, "tokens")
        write(path, text)
        return path


class ExposureTest(unittest.TestCase):
    """Which addresses need what, judged by ServerOptions before anything is bound."""

    def options(self, host, **kwargs):
        return ServerOptions(host=host, port=0, **kwargs)

    def test_nonLoopbackWithoutProtection_refusedSayingHowToSetItUp(self):
        for host in ["0.0.0.0", "10.1.2.3", "::", "192.168.0.7", "gpu-box.example.org"]:
            with self.subTest(host=host):
                with self.assertRaises(ValueError) as caught:
                    self.options(host)
                message = str(caught.exception)
                self.assertIn(f"refusing to serve {host} without TLS and caller authentication",
                              message)
                for hint in ["--tls-cert", "--tls-key", "--tokens", "--tls-client-ca",
                             "openssl rand -hex 32", "--insecure", "127.0.0.1"]:
                    self.assertIn(hint, message)

    def test_nonLoopbackWithTlsButNoCallerAuthentication_refused(self):
        with self.assertRaises(ValueError) as caught:
            self.options("10.1.2.3", tls_cert="c", tls_key="k")
        self.assertIn("without caller authentication", str(caught.exception))

    def test_tokensWithoutTlsBeyondLoopback_refusedEvenWithInsecure(self):
        for insecure in [False, True]:
            with self.assertRaises(ValueError) as caught:
                self.options("10.1.2.3", tokens="t", insecure=insecure)
            self.assertIn("bearer tokens on 10.1.2.3 without TLS", str(caught.exception))

    def test_protectedOrInsecureOrLoopback_accepted(self):
        self.options("10.1.2.3", tls_cert="c", tls_key="k", tokens="t")
        self.options("10.1.2.3", tls_cert="c", tls_key="k", tls_client_ca="ca")
        self.options("10.1.2.3", insecure=True)
        self.options("10.1.2.3", tls_cert="c", tls_key="k", insecure=True)
        for host in ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"]:
            self.options(host)
            self.options(host, tokens="t")  # plaintext tokens stay on this machine

    def test_incompleteTlsFlags_refused(self):
        for kwargs, expected in [({"tls_cert": "c"}, "go together"),
                                 ({"tls_key": "k"}, "go together"),
                                 ({"tls_client_ca": "ca"}, "needs --tls-cert")]:
            with self.assertRaises(ValueError) as caught:
                self.options("127.0.0.1", **kwargs)
            self.assertIn(expected, str(caught.exception))

    def test_cli_exposedHost_oneLineAndExitTwo(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), mock.patch("logging.basicConfig"):
            code = cli.main(["--host", "10.1.2.3", "--port", "0"])
        self.assertEqual(code, 2)
        self.assertTrue(err.getvalue().startswith("gymbridge_server: refusing to serve 10.1.2.3"),
                        err.getvalue())
        self.assertEqual(err.getvalue().count("\n"), 1)

    def test_insecure_loggedLoudly(self):
        options = self.options("10.1.2.3", insecure=True)
        with self.assertLogs("gymbridge_server.server", logging.WARNING) as logs:
            server_module._log_security(options, None, None, 50051)
        text = "\n".join(logs.output)
        self.assertIn("INSECURE (--insecure): serving 10.1.2.3:50051 without TLS or caller "
                      "authentication", text)
        self.assertIn("*" * 78, text)

    def test_cli_flagsReachTheOptions(self):
        args = cli.parse_args(["--tls-cert", "c", "--tls-key", "k", "--tls-client-ca", "ca",
                               "--tokens", "t", "--insecure", "--max-sessions-per-caller", "3",
                               "--max-envs-per-caller", "9"])
        self.assertEqual((args.tls_cert, args.tls_key, args.tls_client_ca, args.tokens,
                          args.insecure, args.max_sessions_per_caller, args.max_envs_per_caller),
                         ("c", "k", "ca", "t", True, 3, 9))


class TokenFileTest(unittest.TestCase):
    def test_parse_namesCommentsBlankLines(self):
        entries = parse_tokens(TOKENS, "tokens")
        self.assertEqual([name for name, _ in entries], ["alice", "bob"])

    def test_parse_invalid_namesTheLineAndNeverTheToken(self):
        for text, expected in [
                ("alice short", "tokens line 1: the token of alice has 5 characters; tokens "
                                "need at least 32"),
                (f"alice {ALICE} extra", "tokens line 1: expected 'name token', got 3 fields"),
                (f"alice {ALICE}\nalice {BOB}", "line 2: alice is named again"),
                (f"alice {ALICE}\nbob {ALICE}", "line 2: the token of bob is also the token of "
                                                "alice"),
                ("# nothing\n\n", "has no tokens"),
                (f"alice {'é' * 32}", "must be printable ASCII")]:
            with self.subTest(expected=expected):
                with self.assertRaises(ValueError) as caught:
                    parse_tokens(text, "tokens")
                self.assertIn(expected, str(caught.exception))
                self.assertNotIn(ALICE, str(caught.exception))

    def test_serve_invalidTokenFile_refusedNamingTheFlag(self):
        with tempfile.NamedTemporaryFile("w", suffix=".tokens", dir=TMP) as f:
            f.write("alice short\n")
            f.flush()
            with self.assertRaises(ValueError) as caught:
                serve(ServerOptions(port=0, tokens=f.name, use_gymnasium=False))
        self.assertIn("--tokens", str(caught.exception))
        self.assertIn("32", str(caught.exception))


class TokenTest(ServerCase):
    def setUp(self):
        super().setUp()
        self.server = self.start(tokens=self.token_file(), reload_seconds=0.05)
        self.address = self.server.address

    def test_goodToken_works(self):
        alice = self.client(Client(self.address, token=ALICE))
        self.assertEqual(alice.server_info().server_name, "gymbridge-python")
        sid = alice.make("CartPole-v1").session_id
        stream = alice.stream()
        self.assertEqual(stream.ask(pb.SessionRequest(reset=pb.ResetRequest(
            session_id=sid, seed=0))).WhichOneof("response"), "reset")
        stream.half_close()

    def test_missingWrongOrMalformedToken_unauthenticatedWithOneMessage(self):
        clients = [Client(self.address), Client(self.address, token="x" * 32),
                   Client(self.address, token=ALICE[:-1] + "b"), Client(self.address, token="")]
        messages = set()
        for client in map(self.client, clients):
            messages.add(fails(self, C.UNAUTHENTICATED, client.server_info))
            messages.add(fails(self, C.UNAUTHENTICATED, client.make, "CartPole-v1"))
            stream = client.stream()
            stream.send(pb.SessionRequest(get_server_info=pb.GetServerInfoRequest()))
            messages.add(fails(self, C.UNAUTHENTICATED, stream.receive))
        for header in ["Basic " + ALICE, ALICE, "Bearer", "bearer  " + ALICE + " x"]:
            channel = grpc.insecure_channel(self.address)
            self._stack.callback(channel.close)
            call = channel.unary_unary("/gymbridge.v1.EnvService/GetServerInfo")
            messages.add(fails(self, C.UNAUTHENTICATED, call, b"", timeout=5,
                               metadata=[("authorization", header)]))
        self.assertEqual(messages, {UNAUTHENTICATED})
        self.assertEqual(self.server.session_count(), 0)

    def test_unparseableBytesWithoutToken_unauthenticatedNotParsed(self):
        channel = grpc.insecure_channel(self.address)
        self._stack.callback(channel.close)
        call = channel.unary_unary("/gymbridge.v1.EnvService/Make")
        fails(self, C.UNAUTHENTICATED, call, b"\xff\xff\xff\xff", timeout=5)

    def test_health_needsNoToken(self):
        anonymous = self.client(Client(self.address))
        self.assertEqual(anonymous.health_check(health_pb2.HealthCheckRequest(), timeout=5).status,
                         health_pb2.HealthCheckResponse.SERVING)

    def wait_for_reload(self, generation):
        deadline = time.monotonic() + 5
        while self.server.tokens.generation == generation and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertGreater(self.server.tokens.generation, generation, "no reload")

    def test_reload_newTokensWork_removedOnesFail_openStreamOfARemovedTokenEnds(self):
        alice, carol = (self.client(Client(self.address, token=t)) for t in (ALICE, CAROL))
        stream = alice.stream()
        info = pb.SessionRequest(get_server_info=pb.GetServerInfoRequest())
        self.assertEqual(stream.ask(info).WhichOneof("response"), "server_info")
        fails(self, C.UNAUTHENTICATED, carol.server_info)
        generation = self.server.tokens.generation
        write(self.server.options.tokens, f"carol {CAROL}\nbob {BOB}\n")
        self.wait_for_reload(generation)
        self.assertEqual(carol.server_info().server_name, "gymbridge-python")
        fails(self, C.UNAUTHENTICATED, alice.server_info)
        stream.send(info)
        self.assertIn("no longer valid", fails(self, C.UNAUTHENTICATED, stream.receive))

    def test_reload_invalidFile_keepsTheOldTokensAndSaysWhy(self):
        alice = self.client(Client(self.address, token=ALICE))
        with self.assertLogs("gymbridge_server.tokens", logging.WARNING) as logs:
            write(self.server.options.tokens, f"alice {ALICE}\ncarol short\n")
            deadline = time.monotonic() + 5
            while not logs.output and time.monotonic() < deadline:
                time.sleep(0.02)
        self.assertIn("not valid, keeping the 2 tokens read before", logs.output[0])
        self.assertIn("line 2: the token of carol has 5 characters", logs.output[0])
        self.assertNotIn(ALICE, logs.output[0])
        self.assertEqual(alice.server_info().server_name, "gymbridge-python")
        with self.assertLogs("gymbridge_server.tokens", logging.WARNING):
            os.remove(self.server.options.tokens)
            time.sleep(0.3)
        self.assertEqual(alice.server_info().server_name, "gymbridge-python")


class OwnershipCase(ServerCase):
    """A server with tokens for alice and bob, and a client for each."""

    lease = 600.0

    def setUp(self):
        super().setUp()
        self.server = self.start(tokens=self.token_file(), lease_seconds=self.lease)
        self.alice = self.client(Client(self.server.address, token=ALICE))
        self.bob = self.client(Client(self.server.address, token=BOB))


class OwnershipTest(OwnershipCase):
    def test_anotherCallersSession_notFoundAsOneThatNeverExisted(self):
        sid = self.alice.make("CartPole-v1", render_mode="rgb_array").session_id
        self.alice.reset(sid, seed=0)
        never = "0" * 32
        for call, args in [(self.bob.reset, ()), (self.bob.step, (actions_value([0]),)),
                           (self.bob.render, ())]:
            theirs = fails(self, C.NOT_FOUND, call, sid, *args)
            self.assertEqual(theirs, fails(self, C.NOT_FOUND, call, never, *args)
                             .replace(never, sid))
        self.bob.close(sid)  # does nothing, as for an unknown id
        stream = self.bob.stream()
        error = stream.ask(pb.SessionRequest(step=pb.StepRequest(
            session_id=sid, actions=actions_value([0])))).error
        self.assertEqual((error.code, error.message),
                         (5, f"no open session with id '{sid}'; make one first"))
        stream.half_close()
        self.assertEqual(self.alice.step(sid, actions_value([1])).rewards[0], 1.0)
        self.assertEqual(self.server.sessions.held_by("alice"), (1, 1))
        self.assertEqual(self.server.sessions.held_by("bob"), (0, 0))


class ExpiredOwnershipTest(OwnershipCase):
    lease = 0.3

    def test_expiredSession_expiredForItsOwner_unknownForOthers(self):
        sid = self.alice.make("CartPole-v1").session_id
        time.sleep(0.4)
        self.server.expire_idle_sessions()
        self.assertIn("expired", fails(self, C.NOT_FOUND, self.alice.reset, sid))
        self.assertEqual(fails(self, C.NOT_FOUND, self.bob.reset, sid),
                         f"no open session with id '{sid}'; make one first")


class PerCallerLimitsTest(ServerCase):
    def setUp(self):
        super().setUp()
        self.server = self.start(tokens=self.token_file(), max_sessions=8, max_num_envs=8,
                                 max_sessions_per_caller=2, max_envs_per_caller=5)
        self.alice = self.client(Client(self.server.address, token=ALICE))
        self.bob = self.client(Client(self.server.address, token=BOB))

    def test_sessionsPerCaller_resourceExhaustedForThatCallerOnly(self):
        first = self.alice.make("CartPole-v1").session_id
        self.alice.make("CartPole-v1")
        self.assertIn("maximum of 2 open sessions per caller",
                      fails(self, C.RESOURCE_EXHAUSTED, self.alice.make, "CartPole-v1"))
        self.bob.make("CartPole-v1")
        self.alice.close(first)
        self.alice.make("CartPole-v1")

    def test_envsPerCaller_summedOverOpenSessions(self):
        first = self.alice.make("CartPole-v1", num_envs=3).session_id
        self.assertEqual(
            fails(self, C.RESOURCE_EXHAUSTED, self.alice.make, "CartPole-v1", num_envs=3),
            "num_envs 3 would bring your open envs to 6, over this server's limit of 5 per "
            "caller; close a session first")
        self.alice.make("CartPole-v1", num_envs=2)
        self.bob.make("CartPole-v1", num_envs=5)
        self.alice.close(first)
        self.alice.make("CartPole-v1", num_envs=3)
        self.assertEqual(self.server.sessions.held_by("alice"), (2, 5))


class TlsTest(ServerCase):
    def test_tls_trustedClientWorks_plaintextOrUntrustingClientsCannotConnect(self):
        server = self.start(tls_cert=CERTS["server_crt"], tls_key=CERTS["server_key"])
        client = self.client(tls_client(server.address))
        sid = client.make("CartPole-v1").session_id
        self.assertEqual(server.sessions.held_by("anonymous"), (1, 1))
        client.reset(sid, seed=0)
        fails(self, C.UNAVAILABLE, self.client(Client(server.address)).server_info)
        fails(self, C.UNAVAILABLE, self.client(tls_client(server.address, ca="other_ca"))
              .server_info)

    def test_tlsWithTokens(self):
        server = self.start(tls_cert=CERTS["server_crt"], tls_key=CERTS["server_key"],
                            tokens=self.token_file())
        self.client(tls_client(server.address, token=ALICE)).make("CartPole-v1")
        self.assertEqual(server.sessions.held_by("alice"), (1, 1))
        fails(self, C.UNAUTHENTICATED, self.client(tls_client(server.address)).server_info)

    def test_badFiles_refusedAtStartNamingThem(self):
        for cert, key, expected in [("server_crt", "alice_key", "are not a PEM certificate"),
                                    ("ca_key", "server_key", "are not a PEM certificate")]:
            with self.subTest(cert=cert, key=key):
                with self.assertRaises(ValueError) as caught:
                    self.start(tls_cert=CERTS[cert], tls_key=CERTS[key])
                self.assertIn(expected, str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            self.start(tls_cert=CERTS["server_crt"], tls_key=os.path.join(TMP, "missing.key"))
        self.assertIn("missing.key", str(caught.exception))

    def test_reload_newCertificateForNewConnections_badOnesKeepTheOld(self):
        cert, key = os.path.join(self.dir, "server.crt"), os.path.join(self.dir, "server.key")
        shutil.copy(CERTS["server_crt"], cert)
        shutil.copy(CERTS["server_key"], key)
        server = self.start(tls_cert=cert, tls_key=key, reload_seconds=0.05)
        self.client(tls_client(server.address)).server_info()
        with self.assertLogs("gymbridge_server.tls", logging.WARNING) as logs:
            write(key, read(CERTS["alice_key"]).decode())  # the key of another certificate
            time.sleep(0.1)
            self.client(tls_client(server.address)).server_info()  # a handshake: a look
        self.assertIn("do not load, keeping the current certificate", logs.output[0])
        write(cert, read(CERTS["server_other_crt"]).decode())
        write(key, read(CERTS["server_other_key"]).decode())
        time.sleep(0.1)
        with self.assertLogs("gymbridge_server.tls", logging.INFO) as logs:
            fails(self, C.UNAVAILABLE, self.client(tls_client(server.address)).server_info)
        self.assertIn("TLS files reloaded", logs.output[0])
        self.client(tls_client(server.address, ca="other_ca")).server_info()


class MutualTlsTest(ServerCase):
    def setUp(self):
        super().setUp()
        self.server = self.start(tls_cert=CERTS["server_crt"], tls_key=CERTS["server_key"],
                                 tls_client_ca=CERTS["ca_crt"])

    def test_goodClientCertificate_works_andItsSubjectIsTheCaller(self):
        alice = self.client(tls_client(self.server.address, cert="alice"))
        bob = self.client(tls_client(self.server.address, cert="bob"))
        sid = alice.make("CartPole-v1").session_id
        self.assertEqual(self.server.sessions.held_by("CN=alice,O=gymbridge tests"), (1, 1))
        alice.reset(sid, seed=0)
        fails(self, C.NOT_FOUND, bob.reset, sid)

    def test_missingClientCertificate_cannotConnect(self):
        fails(self, C.UNAVAILABLE, self.client(tls_client(self.server.address)).server_info)

    def test_clientCertificateOfAnotherCa_cannotConnect(self):
        mallory = self.client(tls_client(self.server.address, cert="mallory"))
        fails(self, C.UNAVAILABLE, mallory.server_info)
        self.assertEqual(self.server.session_count(), 0)


if __name__ == "__main__":
    unittest.main()
