"""The Python server on a Unix domain socket: owner-only (0600) from the start, stepped through
like a TCP server, removed on stop; a live socket is refused, a dead one replaced."""

import os
import socket
import stat
import tempfile
import unittest

from _support import Client, actions_value, require_dependencies

require_dependencies()

import gym_api_envs  # noqa: E402,F401  (registers the test envs)
from gymbridge_server import ServerOptions, serve  # noqa: E402


class UnixSocketTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "gym.sock")

    def tearDown(self):
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)

    def test_serve_ownerOnlySocket_stepsAndIsRemovedOnStop(self):
        server = serve(ServerOptions(unix=self.path, use_gymnasium=False))
        try:
            mode = os.stat(self.path).st_mode
            self.assertTrue(stat.S_ISSOCK(mode))
            self.assertEqual(0o600, stat.S_IMODE(mode))
            self.assertEqual(["gym.sock"], os.listdir(self.dir), "no staging directory left")
            client = Client(server.address)
            try:
                r = client.make("CartPole-v1")
                client.reset(r.session_id, seed=0)
                self.assertEqual(1, len(client.step(r.session_id, actions_value([1])).rewards))
            finally:
                client.shutdown()
        finally:
            server.stop(0)
        self.assertFalse(os.path.exists(self.path))

    def test_serve_liveSocketRefused_deadOneReplaced_fileRefused(self):
        first = serve(ServerOptions(unix=self.path, use_gymnasium=False))
        try:
            with self.assertRaisesRegex(OSError, "a server is listening there"):
                serve(ServerOptions(unix=self.path, use_gymnasium=False))
        finally:
            first.stop(0)
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(self.path)
        dead.close()  # a socket file nobody listens on
        second = serve(ServerOptions(unix=self.path, use_gymnasium=False))
        second.stop(0)
        with open(self.path, "w") as f:
            f.write("not a socket")
        with self.assertRaisesRegex(OSError, "not a socket"):
            serve(ServerOptions(unix=self.path, use_gymnasium=False))

    def test_unixWithTls_refused(self):
        with self.assertRaisesRegex(ValueError, "--unix and TLS"):
            ServerOptions(unix=self.path, tls_cert="c.pem", tls_key="k.pem")


if __name__ == "__main__":
    unittest.main()
