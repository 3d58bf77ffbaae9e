"""Hostile input over real gRPC: bytes that do not parse (unary and on the Session stream),
requests over the size limit, client strings cut short in error messages, kwargs of the wrong
type, integer actions of every dtype (a uint64 reported with its real value), and the cap of
max_episode_steps.

Envs come from tests/gym_api_envs.py.
"""

import queue
import unittest
from typing import Optional

from _support import Client, actions_value, require_dependencies

require_dependencies()

import grpc  # noqa: E402
import numpy as np  # noqa: E402

import gym_api_envs  # noqa: E402,F401  (registers the test envs)
from gymbridge_server import ServerOptions, codec, kwarg_types, serve  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402
from gymbridge_server.proto import values_pb2  # noqa: E402

C = grpc.StatusCode
LONG = 100_000


class HardeningTestCase(unittest.TestCase):
    """One server per class; sessions a test makes are closed after it."""

    @classmethod
    def setUpClass(cls):
        cls.server = serve(ServerOptions(port=0, use_gymnasium=False, max_sessions=4,
                                         max_num_envs=8))
        cls.client = Client(cls.server.address)

    @classmethod
    def tearDownClass(cls):
        cls.client.shutdown()
        cls.server.stop(grace=2)

    def setUp(self):
        self.opened = []

    def tearDown(self):
        for session_id in self.opened:
            self.client.close(session_id)

    def make(self, env_id="CartPole-v1", **fields) -> pb.MakeResponse:
        response = self.client.make(env_id, **fields)
        self.opened.append(response.session_id)
        return response

    def fails(self, code, call, *args, **kwargs) -> str:
        with self.assertRaises(grpc.RpcError) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        return caught.exception.details()

    def raw_unary(self, method: str):
        return self.client.channel.unary_unary(f"/gymbridge.v1.EnvService/{method}")

    def raw_stream(self):
        """A Session stream that sends bytes as they are: (send, responses)."""
        requests = queue.Queue()
        end = object()
        call = self.client.channel.stream_stream("/gymbridge.v1.EnvService/Session", None,
                                                 pb.SessionResponse.FromString)
        responses = call(iter(requests.get, end), timeout=30)
        return requests.put, responses, lambda: requests.put(end)


class UnparseableRequestTest(HardeningTestCase):
    GARBAGE = b"\xff\xff\xff\xff"  # a field number past the limit: not a protobuf message

    def test_unary_unparseableBytes_invalidArgumentSayingSo(self):
        for method in ["GetServerInfo", "ListEnvs", "Make", "Reset", "Step", "Render", "Close"]:
            message = self.fails(C.INVALID_ARGUMENT, self.raw_unary(method), self.GARBAGE,
                                 timeout=10)
            self.assertTrue(message.startswith("cannot parse the request: "), message)
            self.assertIn("4 bytes", message)
        self.assertEqual(self.client.server_info().server_name, "gymbridge-python")

    def test_unary_invalidUtf8InAStringField_invalidArgument(self):
        make = pb.MakeRequest(env_id="CartPole-v1").SerializeToString()
        bad = make.replace(b"CartPole-v1", b"CartPole\xff\xfe1")
        self.assertIn("cannot parse the request", self.fails(
            C.INVALID_ARGUMENT, self.raw_unary("Make"), bad, timeout=10))

    def test_stream_unparseableBytes_errorResponseAndTheStreamGoesOn(self):
        send, responses, half_close = self.raw_stream()
        send(self.GARBAGE)
        error = next(responses).error
        self.assertEqual(error.code, 3)
        self.assertTrue(error.message.startswith("cannot parse the request: "), error.message)
        send(pb.SessionRequest(make=pb.MakeRequest(env_id="CartPole-v1")).SerializeToString())
        made = next(responses)
        self.opened.append(made.make.session_id)
        self.assertEqual(made.make.num_envs, 1)
        half_close()
        with self.assertRaises(StopIteration):
            next(responses)


class OversizeRequestTest(HardeningTestCase):
    def test_stream_requestOver64MiB_endsWithResourceExhaustedSayingWhy(self):
        send, responses, _ = self.raw_stream()
        send(b"\x00" * (65 << 20))
        with self.assertRaises(grpc.RpcError) as caught:
            next(responses)
        self.assertEqual(caught.exception.code(), C.RESOURCE_EXHAUSTED)
        self.assertIn("larger than max", caught.exception.details())
        self.assertEqual(self.client.server_info().server_name, "gymbridge-python")


class LongStringsTest(HardeningTestCase):
    """A client's strings are cut to 64 characters in error messages, with the original length."""

    def assertCut(self, message: str, length: int = LONG):
        self.assertIn(f"... ({length} characters)", message)
        self.assertLess(len(message), 600, message)

    def test_unknownSessionId_cutInNotFound(self):
        sid = "s" * LONG
        for call in [self.client.reset, self.client.step, self.client.render]:
            self.assertCut(self.fails(C.NOT_FOUND, call, sid))

    def test_unknownEnvId_cutInNotFound_withoutSuggestions(self):
        message = self.fails(C.NOT_FOUND, self.make, "CartPole-v1" + "x" * LONG)
        self.assertCut(message, LONG + 11)
        self.assertIn("it serves [", message)

    def test_entryPointId_cutInPermissionDenied(self):
        self.assertCut(self.fails(C.PERMISSION_DENIED, self.make, "m" * LONG + ":Env-v0"),
                       LONG + 7)

    def test_renderMode_cutInInvalidArgument(self):
        self.assertCut(self.fails(C.INVALID_ARGUMENT, self.make, render_mode="r" * LONG))

    def test_kwargNameAndValue_cutInInvalidArgument(self):
        self.assertCut(self.fails(C.INVALID_ARGUMENT, self.make,
                                  kwargs={"k" * LONG: values_pb2.Value(bool_value=True)}))
        message = self.fails(C.INVALID_ARGUMENT, self.make, kwargs={
            "sutton_barto_reward": values_pb2.Value(string_value="y" * LONG)})
        self.assertCut(message, LONG + 2)  # the value's repr, quotes included

    def test_controlCharacters_escaped(self):
        message = self.fails(C.NOT_FOUND, self.client.reset, "a\nb\x00c")
        self.assertIn("'a\\nb\\x00c'", message)

    def test_stream_longStringsCutInErrorResponses(self):
        stream = self.client.stream()
        error = stream.ask(pb.SessionRequest(reset=pb.ResetRequest(session_id="s" * LONG))).error
        self.assertEqual(error.code, 5)
        self.assertCut(error.message)
        stream.half_close()


class KwargTypeTest(HardeningTestCase):
    """Kwargs are checked against the constructor's annotations and defaults before it runs."""

    def make_with(self, env_id, **kwargs):
        return self.make(env_id, kwargs=kwargs)

    def test_wrongType_invalidArgumentNamingTheKwargAndTheExpectedType(self):
        cases = [
            ("CartPole-v1", "sutton_barto_reward", values_pb2.Value(string_value="yes"),
             "CartPole-v1 kwarg 'sutton_barto_reward' must be a boolean, got str 'yes'"),
            ("CartPole-v1", "sutton_barto_reward", values_pb2.Value(int_value=1),
             "CartPole-v1 kwarg 'sutton_barto_reward' must be a boolean, got int 1"),
            ("Pendulum-v1", "g", values_pb2.Value(bool_value=True),
             "Pendulum-v1 kwarg 'g' must be a number, got bool True"),
            ("Pendulum-v1", "g", values_pb2.Value(string_value="9.8"),
             "Pendulum-v1 kwarg 'g' must be a number, got str '9.8'"),
            ("SpaceZoo-v0", "terminate_at", values_pb2.Value(double_value=2.5),
             "SpaceZoo-v0 kwarg 'terminate_at' must be an integer, got float 2.5"),
        ]
        for env_id, name, value, expected in cases:
            with self.subTest(env_id=env_id, kwarg=name):
                self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.make_with, env_id,
                                            **{name: value}), expected)
        self.assertEqual(self.server.session_count(), 0)
        listed = values_pb2.Value()
        listed.list_value.values.add().int_value = 1
        self.assertIn("'g' must be a number, got list",
                      self.fails(C.INVALID_ARGUMENT, self.make_with, "Pendulum-v1", g=listed))

    def test_rightTypes_accepted_anIntForAFloat(self):
        scalar = values_pb2.Value()
        scalar.tensor.dtype = values_pb2.DTYPE_FLOAT32
        scalar.tensor.data = np.float32(9.5).tobytes()
        for env_id, kwargs in [
                ("Pendulum-v1", {"g": values_pb2.Value(int_value=9)}),
                ("Pendulum-v1", {"g": values_pb2.Value(double_value=9.81)}),
                ("Pendulum-v1", {"g": scalar}),  # a NumPy scalar is a number too
                ("CartPole-v1", {"sutton_barto_reward": values_pb2.Value(bool_value=True)}),
                ("SpaceZoo-v0", {"terminate_at": values_pb2.Value(int_value=5)})]:
            with self.subTest(env_id=env_id, kwargs=kwargs):
                self.client.close(self.make_with(env_id, **kwargs).session_id)


class KwargRulesTest(unittest.TestCase):
    """What kwarg_types reads from signatures, on constructors of every style."""

    def rules(self, fn):
        return {name: rule.expected() for name, rule in kwarg_types.rules_of(fn).items()}

    def test_annotationsAndDefaults(self):
        class Env:
            def __init__(self, a: bool = False, b: int = 1, c: float = 1.0, d: str = "x",
                         e: Optional[float] = None, f: "int | None" = None, g=0, h=0.5,
                         i=True, j=None, k: list = None, m: "Unknown" = None,  # noqa: F821
                         *args, n: "Union[int, str]" = 0, **kwargs):
                pass

        self.assertEqual(self.rules(Env), {
            "a": "a boolean", "b": "an integer", "c": "a number", "d": "a string",
            "e": "a number or None", "f": "an integer or None", "g": "a number",
            "h": "a number", "i": "a boolean", "n": "an integer or a string"})

    def test_stringAnnotationsThatDoNotResolve_readAsText(self):
        def make(a: "Optional[bool]" = None, b: "float|None" = None, c: "Missing" = 1):  # noqa
            pass

        self.assertEqual(self.rules(make), {"a": "a boolean or None", "b": "a number or None"})

    def test_mismatch_namesTheFirstBadKwarg_noneWhenAllFit(self):
        def make(flag: bool = False, scale: Optional[float] = None):
            pass

        rules = kwarg_types.rules_of(make)
        self.assertIsNone(kwarg_types.mismatch("E-v0", rules, {"flag": np.bool_(True),
                                                               "scale": None, "other": "x"}))
        self.assertEqual(kwarg_types.mismatch("E-v0", rules, {"scale": "big"}),
                         "E-v0 kwarg 'scale' must be a number or None, got str 'big'")
        self.assertEqual(kwarg_types.mismatch("E-v0", rules, {"flag": None}),
                         "E-v0 kwarg 'flag' must be a boolean, got None")

    def test_unreadableSignature_noRules(self):
        self.assertEqual(kwarg_types.rules_of(len), {})


class DiscreteActionDtypeTest(HardeningTestCase):
    """Discrete actions: any integer dtype, compared by its real value."""

    def setUp(self):
        super().setUp()
        self.sid = self.make(num_envs=2).session_id
        self.client.reset(self.sid, seed=0)

    def test_everyIntegerDtype_accepted(self):
        for dtype in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]:
            with self.subTest(dtype=dtype):
                step = self.client.step(self.sid, actions_value(np.array([0, 1], dtype)))
                self.assertEqual(len(step.rewards), 2)

    def test_floatOrBoolDtype_rejected(self):
        for dtype in ["float32", "float64", "bool"]:
            with self.subTest(dtype=dtype):
                self.assertIn(f"got {dtype}[2]", self.fails(
                    C.INVALID_ARGUMENT, self.client.step, self.sid,
                    actions_value(np.array([0, 1], dtype))))

    def test_uint64Max_reportedWithItsRealValue(self):
        actions = np.array([0, 2**64 - 1], np.uint64)
        self.assertEqual(
            self.fails(C.INVALID_ARGUMENT, self.client.step, self.sid, actions_value(actions)),
            "invalid action for env 1 of CartPole-v1: 18446744073709551615 is outside "
            "Discrete(2)")
        self.assertIn("-1 is outside", self.fails(
            C.INVALID_ARGUMENT, self.client.step, self.sid,
            actions_value(np.array([-1, 0], np.int64))))

    def test_uint64Max_inAMultiDiscreteAction_reportedWithItsRealValue(self):
        sid = self.make("SpaceZoo-v0", num_envs=2).session_id
        self.client.reset(sid, seed=0)
        actions = values_pb2.Value()
        entries = actions.map_value.entries
        codec.fill_tensor(entries["move"].tensor, np.zeros((2, 2), np.float32))
        codec.fill_tensor(entries["choice"].tensor, np.array([2, 0]))
        codec.fill_tensor(entries["bits"].tensor, np.zeros((2, 4), np.int8))
        codec.fill_value(entries["word"], ["ab", ""])
        codec.fill_tensor(entries["pair"].list_value.values.add().tensor, np.array([1, 0]))
        pair = entries["pair"].list_value.values.add().tensor
        codec.fill_tensor(pair, np.array([[1, 2], [0, 2**64 - 1]], np.uint64))
        self.assertEqual(
            self.fails(C.INVALID_ARGUMENT, self.client.step, sid, actions),
            "invalid action for env 1 of SpaceZoo-v0: ['pair']: [1]: element [1] = "
            "18446744073709551615 is outside MultiDiscrete([2 3])")


class MaxEpisodeStepsTest(HardeningTestCase):
    """max_episode_steps is int64 on the wire; both servers cap it at 2^31 - 1."""

    def test_overTheCap_invalidArgumentNamingTheRange(self):
        for steps in [2**31, 2**63 - 1]:
            self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.make, max_episode_steps=steps),
                             f"max_episode_steps must be in [1, 2147483647], got {steps}")
        self.assertEqual(self.make(max_episode_steps=2**31 - 1).spec.max_episode_steps,
                         2**31 - 1)


if __name__ == "__main__":
    unittest.main()
