"""The server over real gRPC (loopback, port 0): every RPC, the three autoreset modes, seeding,
every case of the error contract, limits, the lease, the Session stream, health, the drain on
shutdown, and ``python -m gymbridge_server`` as a subprocess.

Envs come from tests/gym_api_envs.py (Gymnasium's API without Gymnasium); the classes at the end
run a few of the same checks against real Gymnasium where it is importable.
"""

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

from _support import (ADAPTER, GYMNASIUM_HINT, HERE, SRC, Client, actions_value, has_gymnasium,
                      require_dependencies)

require_dependencies()

import grpc  # noqa: E402
import numpy as np  # noqa: E402

import gym_api_envs  # noqa: E402,F401  (registers the test envs)
import gymbridge_server  # noqa: E402
from gymbridge_server import ServerOptions, codec, serve  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402
from gymbridge_server.proto import health_pb2, values_pb2  # noqa: E402

C = grpc.StatusCode


def obs(response) -> np.ndarray:
    return codec.to_python(response.observations)


def infos(response) -> list:
    return [codec.map_to_python(m) for m in response.infos]


def local_env(env_id="CartPole-v1", **kwargs):
    """The same env in-process, as the server makes it (constructor + TimeLimit)."""
    return gymbridge_server.REGISTRY.make(env_id, **kwargs)


class ServerTestCase(unittest.TestCase):
    """One server per class; sessions a test makes are closed after it."""

    options = dict(max_sessions=4, max_num_envs=8)

    @classmethod
    def setUpClass(cls):
        cls.server = serve(ServerOptions(port=0, use_gymnasium=False, **cls.options))
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


class InfoTest(ServerTestCase):
    def test_getServerInfo_describesThePythonServerAndItsLimits(self):
        info = self.client.server_info()
        self.assertEqual(info.protocol_version, "gymbridge.v1")
        self.assertEqual(info.server_name, "gymbridge-python")
        self.assertEqual(list(info.capabilities), ["stream", "render", "autoreset.next_step",
                                                   "autoreset.same_step", "autoreset.disabled",
                                                   "step.seq", "timing", "emergency_stop",
                                                   "watchdog", "control"])
        self.assertEqual((info.max_sessions, info.max_num_envs, info.lease_seconds), (4, 8, 600))
        self.assertRegex(info.incarnation, "^[0-9a-f]{24}$")
        self.assertEqual(self.make().incarnation, info.incarnation)

    def test_listEnvs_sortedWithSpecsAndSingleSpaces(self):
        envs = self.client.list_envs().envs
        ids = [e.spec.id for e in envs]
        self.assertEqual(ids, sorted(ids))
        for expected in ["CartPole-v1", "Exploding-v0", "Pendulum-v1", "SpaceZoo-v0"]:
            self.assertIn(expected, ids)
        cart = envs[ids.index("CartPole-v1")]
        self.assertEqual((cart.spec.max_episode_steps, cart.spec.reward_threshold), (500, 475.0))
        self.assertEqual(cart.action_space.discrete.n, 2)
        self.assertEqual(list(cart.observation_space.box.shape), [4])
        self.assertFalse(envs[ids.index("Exploding-v0")].spec.HasField("max_episode_steps"))


class MakeTest(ServerTestCase):
    def test_make_sendsSpacesBatchedSpacesMetadataSpecAndLease(self):
        r = self.make(num_envs=3, max_episode_steps=50)
        self.assertEqual(len(r.session_id), 32)
        self.assertEqual((r.num_envs, r.autoreset_mode), (3, pb.AUTORESET_MODE_NEXT_STEP))
        self.assertEqual(r.single_action_space.discrete.n, 2)
        self.assertEqual(codec.tensor_to_array(r.action_space.multi_discrete.nvec).tolist(),
                         [2, 2, 2])
        self.assertEqual(list(r.observation_space.box.shape), [3, 4])
        self.assertEqual(codec.map_to_python(r.metadata),
                         {"render_modes": ["rgb_array"], "render_fps": 50})
        self.assertEqual((r.spec.id, r.spec.max_episode_steps, r.spec.reward_threshold),
                         ("CartPole-v1", 50, 475.0))
        self.assertEqual(r.lease_seconds, 600)

    def test_make_numEnvsZeroMeansOne_andKwargsReachTheEnv(self):
        r = self.make(kwargs={"sutton_barto_reward": values_pb2.Value(bool_value=True)})
        self.assertEqual(r.num_envs, 1)
        self.client.reset(r.session_id, seed=0)
        self.assertEqual(self.client.step(r.session_id, actions_value([0])).rewards[0], 0.0)

    def test_make_unknownEnvId_notFoundNamingItAndClosestIds(self):
        message = self.fails(C.NOT_FOUND, self.make, "CartPole-v0")
        self.assertIn("'CartPole-v0'", message)
        self.assertIn("did you mean CartPole-v1", message)
        message = self.fails(C.NOT_FOUND, self.make, "Zzzzzz")
        self.assertIn("it serves [", message)

    def test_make_unknownKwarg_invalidArgumentNamingItAndTheKnownOnes(self):
        message = self.fails(C.INVALID_ARGUMENT, self.make,
                             kwargs={"gravity_typo": values_pb2.Value(double_value=9.8)})
        self.assertEqual(message, "CartPole-v1 got unexpected kwarg [gravity_typo]; it takes "
                                  "[sutton_barto_reward]")

    def test_make_badFields_invalidArgument(self):
        self.fails(C.INVALID_ARGUMENT, self.make, render_mode="human")
        self.assertIn("got -2", self.fails(C.INVALID_ARGUMENT, self.make, num_envs=-2))
        self.fails(C.INVALID_ARGUMENT, self.make, max_episode_steps=0)
        self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.make, ""), "make needs an env_id")
        self.assertIn("unknown autoreset_mode 9",
                      self.fails(C.INVALID_ARGUMENT, self.make, autoreset_mode=9))
        self.assertIn("fields of MakeRequest", self.fails(
            C.INVALID_ARGUMENT, self.make, kwargs={"render_mode": values_pb2.Value()}))
        bad = values_pb2.Value()
        bad.tensor.dtype = values_pb2.DTYPE_INT64
        bad.tensor.shape.append(1)
        self.assertIn("malformed kwargs", self.fails(
            C.INVALID_ARGUMENT, self.make, kwargs={"sutton_barto_reward": bad}))

    def test_make_numEnvsOverLimit_resourceExhausted(self):
        self.assertIn("limit of 8", self.fails(C.RESOURCE_EXHAUSTED, self.make, num_envs=9))

    def test_make_moreSessionsThanLimit_resourceExhaustedAndFreedByClose(self):
        made = [self.make() for _ in range(4)]
        self.assertIn("maximum of 4", self.fails(C.RESOURCE_EXHAUSTED, self.make))
        self.client.close(made[0].session_id)
        self.make()
        self.assertEqual(self.server.session_count(), 4)

    def test_make_constructorRaises_internalWithItsMessageAndNoSession(self):
        message = self.fails(C.INTERNAL, self.make, "Exploding-v0",
                             kwargs={"fail_on_make": values_pb2.Value(bool_value=True)})
        self.assertEqual(message, "Exploding-v0 failed to construct: RuntimeError: constructor "
                                  "failed on purpose")
        self.assertEqual(self.server.session_count(), 0)

    def test_make_moduleColonId_permissionDeniedNamingTheFlag(self):
        message = self.fails(C.PERMISSION_DENIED, self.make, "untrusted_envs:Untrusted-v0")
        self.assertIn("--allow-entry-points", message)
        self.assertFalse("untrusted_envs" in sys.modules, "the module was imported")


class LimitsBeforeConstructionTest(unittest.TestCase):
    def test_sessionLimit_checkedBeforeAnyEnvIsConstructed(self):
        made = []

        class Counted(gym_api_envs.ExplodingEnv):
            def __init__(self):
                made.append(self)
                super().__init__()

        registry = gymbridge_server.Registry()
        registry.register("Counted-v0", Counted)
        # a set inbound limit: deriving it would make (and count) one env at startup
        server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False,
                                     max_sessions=1, max_message_bytes=4 << 20))
        client = Client(server.address)
        try:
            client.make("Counted-v0", num_envs=3)
            self.assertEqual(len(made), 3)
            with self.assertRaises(grpc.RpcError) as caught:
                client.make("Counted-v0", num_envs=3)
            self.assertEqual(caught.exception.code(), C.RESOURCE_EXHAUSTED)
            self.assertEqual(len(made), 3)
        finally:
            client.shutdown()
            server.stop(grace=1)


class PortTest(unittest.TestCase):
    def test_portInUse_oserror(self):
        first = serve(ServerOptions(port=0, use_gymnasium=False))
        try:
            with self.assertRaisesRegex(OSError, f"cannot listen on 127.0.0.1:{first.port}"):
                serve(ServerOptions(port=first.port, use_gymnasium=False))
        finally:
            first.stop(grace=1)

    def test_badOptions_valueErrorNamingTheSetting(self):
        for bad, text in [(dict(port=70000), "port"), (dict(max_sessions=0), "max sessions"),
                          (dict(max_num_envs=0), "num_envs"), (dict(lease_seconds=0), "lease")]:
            with self.subTest(bad=bad), self.assertRaisesRegex(ValueError, text):
                ServerOptions(**bad)


class EntryPointTest(unittest.TestCase):
    def test_moduleColonId_withAllowEntryPoints_importsTheModuleAndMakesTheEnv(self):
        server = serve(ServerOptions(port=0, use_gymnasium=False, allow_entry_points=True,
                                     allow=("entry_point_envs:Imported-v0",)))
        client = Client(server.address)
        try:
            r = client.make("entry_point_envs:Imported-v0")
            self.assertEqual(r.spec.id, "Imported-v0")
            with self.assertRaises(grpc.RpcError) as caught:
                client.make("no_such_module_xyz:Env-v0")
            self.assertEqual(caught.exception.code(), C.NOT_FOUND)
        finally:
            client.shutdown()
            server.stop(grace=1)


class AllowListTest(unittest.TestCase):
    def test_allowList_restrictsListEnvsAndMake(self):
        server = serve(ServerOptions(port=0, use_gymnasium=False, allow=("Pendulum-v1",)))
        client = Client(server.address)
        try:
            self.assertEqual([e.spec.id for e in client.list_envs().envs], ["Pendulum-v1"])
            with self.assertRaises(grpc.RpcError) as caught:
                client.make("CartPole-v1")
            self.assertEqual(caught.exception.code(), C.NOT_FOUND)
            self.assertIn("it serves [Pendulum-v1]", caught.exception.details())
        finally:
            client.shutdown()
            server.stop(grace=1)


class ResetTest(ServerTestCase):
    def test_reset_seedsEnvIWithSeedPlusI_asGymnasiumVector(self):
        r = self.make(num_envs=3)
        got = obs(self.client.reset(r.session_id, seed=40))
        self.assertEqual((got.shape, got.dtype), ((3, 4), np.float32))
        for i in range(3):
            np.testing.assert_array_equal(got[i], local_env().reset(seed=40 + i)[0])
        self.assertEqual(len(self.client.reset(r.session_id, seed=40).infos), 0)

    def test_reset_withoutSeed_keepsTheGenerators(self):
        r = self.make()
        self.client.reset(r.session_id, seed=7)
        second = obs(self.client.reset(r.session_id))
        env = local_env()
        env.reset(seed=7)
        np.testing.assert_array_equal(second[0], env.reset()[0])

    def test_reset_options_reachEveryEnv(self):
        r = self.make(num_envs=2)
        options = values_pb2.ValueMap()
        options.entries["low"].double_value = 0.5
        options.entries["high"].double_value = 0.5
        got = obs(self.client.reset(r.session_id, seed=1, options=options))
        np.testing.assert_array_equal(got, np.full((2, 4), 0.5, np.float32))

    def test_resetMask_resetsOnlySelectedEnvs_othersKeepTheirLastObservation(self):
        r = self.make(num_envs=2)
        first = obs(self.client.reset(r.session_id, seed=0))
        stepped = obs(self.client.step(r.session_id, actions_value([1, 1])))
        masked = self.client.reset(r.session_id, seed=10, reset_mask=[False, True])
        got = obs(masked)
        np.testing.assert_array_equal(got[0], stepped[0])
        np.testing.assert_array_equal(got[1], local_env().reset(seed=11)[0])
        self.assertFalse(np.array_equal(got[1], first[1]))

    def test_reset_rejected_changesNothing(self):
        r = self.make(num_envs=2)
        message = self.fails(C.FAILED_PRECONDITION, self.client.reset, r.session_id,
                             reset_mask=[True, False])
        self.assertEqual(message, "env 1 was never reset; the first reset must include every env")
        self.assertIn("overflows", self.fails(C.INVALID_ARGUMENT, self.client.reset,
                                              r.session_id, seed=2**63 - 1))
        self.assertIn("reset_mask needs 2 flags (one per env), got 1", self.fails(
            C.INVALID_ARGUMENT, self.client.reset, r.session_id, reset_mask=[True]))
        self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.client.reset, r.session_id,
                                    seed=-1), "seed must be a non-negative integer, got -1")
        # env 0 was not reset by the rejected masked reset: stepping is still "before reset"
        self.fails(C.FAILED_PRECONDITION, self.client.step, r.session_id, actions_value([0, 0]))
        self.client.reset(r.session_id, seed=2**63 - 2)
        self.assertEqual(len(self.client.step(r.session_id, actions_value([0, 0])).rewards), 2)


class MessageSizeTest(ServerTestCase):
    """The inbound limit docs/protocol.md states: derived from the largest Step served (2 x
    max_num_envs x the largest action + 1 MiB, at least 4 MiB), or set; a Step 1 MiB under it is
    parsed and judged, one 1 MiB over is RESOURCE_EXHAUSTED, and the session goes on."""

    def assert_steps_around(self, client, limit, session_id):
        client.reset(session_id, seed=0)
        under = actions_value(np.zeros((limit - (1 << 20)) // 8, np.int64))
        self.assertIn("invalid actions for 1 x CartPole-v1",
                      self.fails(C.INVALID_ARGUMENT, client.step, session_id, under))
        over = actions_value(np.zeros((limit + (1 << 20)) // 8, np.int64))
        self.fails(C.RESOURCE_EXHAUSTED, client.step, session_id, over)
        self.assertEqual(len(client.step(session_id, actions_value([1])).rewards), 1)

    def test_smallActions_limitIsTheFloor(self):
        self.assertEqual(self.server.max_message_bytes, 4 << 20)
        self.assert_steps_around(self.client, 4 << 20, self.make().session_id)

    def test_imageActions_limitGrowsWithMaxNumEnvs_orIsSet(self):
        registry = gymbridge_server.Registry()

        class ImageActions(gym_api_envs.CartPoleEnv):
            def __init__(self):
                super().__init__()
                self.action_space = gym_api_envs.Box(0, 255, (64, 64, 3), np.uint8)

        registry.register("ImageActions-v0", ImageActions)
        registry.register("CartPole-v1", gym_api_envs.CartPoleEnv)
        for options, expected in [
                (dict(max_num_envs=512), (2 * 512 * 12288 + (1 << 20), 14 << 20)),
                (dict(max_num_envs=8), (4 << 20, 4 << 20)),
                (dict(max_num_envs=512, max_message_bytes=6 << 20), (6 << 20, 6 << 20))]:
            server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False,
                                         **options))
            client = Client(server.address)
            try:
                limit = server.max_message_bytes
                self.assertTrue(expected[0] <= limit <= expected[1], (options, limit))
                session = client.make("CartPole-v1").session_id
                self.assert_steps_around(client, limit, session)
                client.close(session)
            finally:
                client.shutdown()
                server.stop(grace=1)
        with self.assertRaises(ValueError) as caught:
            ServerOptions(max_message_bytes=1 << 20)
        self.assertIn("at least 4194304", str(caught.exception))


class TimingTest(ServerTestCase):
    """Every Reset and Step says when it was received, applied, observed and sent, on the
    server's monotonic and wall clocks, in that order."""

    def assert_timing(self, timing, before_unix, after_unix):
        points = ["received", "applied", "observed", "sent"]
        mono = [getattr(timing, f"{p}_monotonic_ns") for p in points]
        unix = [getattr(timing, f"{p}_unix_ns") for p in points]
        self.assertEqual(mono, sorted(mono))
        self.assertGreater(mono[0], 0)
        self.assertEqual(unix, sorted(unix))
        self.assertTrue(before_unix <= unix[0] and unix[-1] <= after_unix, (before_unix, unix))

    def test_resetAndStep_timedInOrder(self):
        r = self.make(num_envs=2)
        before = time.time_ns()
        reset = self.client.reset(r.session_id, seed=0)
        step = self.client.step(r.session_id, actions_value([0, 1]))
        after = time.time_ns()
        self.assert_timing(reset.timing, before, after)
        self.assert_timing(step.timing, before, after)
        self.assertLessEqual(reset.timing.sent_monotonic_ns, step.timing.received_monotonic_ns)


def codec_map(values: dict):
    out = values_pb2.ValueMap()
    codec.fill_map(out, values)
    return out.entries


class EmergencyStopTest(unittest.TestCase):
    """EmergencyStop: latches the fault (steps refused until a Reset), calls the envs'
    emergency_stop hooks at once, also while a slow step is in progress."""

    def test_stop_latches_callsTheBrakes_duringASlowStep_resetClears(self):
        brakes = []

        class SlowRobot(gym_api_envs.CartPoleEnv):
            def __init__(self, step_s=0.0):
                super().__init__()
                self.step_s = step_s

            def step(self, action):
                time.sleep(self.step_s)
                return super().step(action)

            def emergency_stop(self, reason):
                brakes.append((time.monotonic(), reason))

        registry = gymbridge_server.Registry()
        registry.register("SlowRobot-v0", SlowRobot)
        server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False,
                                     max_message_bytes=4 << 20))
        client, operator = Client(server.address), Client(server.address)
        try:
            slow = client.make("SlowRobot-v0", kwargs=codec_map({"step_s": 0.3})).session_id
            quick = client.make("SlowRobot-v0").session_id
            client.reset(slow, seed=0)
            client.reset(quick, seed=0)
            stop = pb.EmergencyStopRequest(session_id=slow, reason="hand in the cell")
            done = []
            stepping = threading.Thread(
                target=lambda: done.append(client.step(slow, actions_value([1]))))
            started = time.monotonic()
            stepping.start()
            time.sleep(0.05)  # the 0.3 s step is in progress
            self.assertEqual(operator.call("EmergencyStop", stop).sessions, 1)
            stopped = time.monotonic()
            stepping.join()
            self.assertLess(stopped - started, 0.25, "the stop did not wait for the step")
            self.assertEqual([r for _, r in brakes], ["hand in the cell"])
            self.assertEqual(len(done), 1, "the step in progress finished")
            with self.assertRaises(grpc.RpcError) as caught:
                client.step(slow, actions_value([1]))
            self.assertEqual(caught.exception.code(), C.FAILED_PRECONDITION)
            self.assertIn("emergency stop: hand in the cell", caught.exception.details())
            client.step(quick, actions_value([1]))  # another session goes on
            client.reset(slow, seed=1)  # clears the fault
            client.step(slow, actions_value([0]))
            everything = pb.EmergencyStopRequest()
            for _ in range(2):  # every session of the caller; idempotent
                self.assertEqual(operator.call("EmergencyStop", everything).sessions, 2)
            with self.assertRaises(grpc.RpcError) as caught:
                operator.call("EmergencyStop", pb.EmergencyStopRequest(session_id="nope"))
            self.assertEqual(caught.exception.code(), C.NOT_FOUND)
        finally:
            client.shutdown()
            operator.shutdown()
            server.stop(grace=1)


    def test_allCallers_onlyForOperators(self):
        for operators, expected in (((), C.PERMISSION_DENIED), (("anonymous",), None)):
            server = serve(ServerOptions(port=0, use_gymnasium=False, operators=operators,
                                         max_message_bytes=4 << 20))
            client = Client(server.address)
            try:
                client.reset(client.make("CartPole-v1").session_id, seed=0)
                stop = pb.EmergencyStopRequest(all_callers=True, reason="cell")
                if expected is None:
                    self.assertEqual(client.call("EmergencyStop", stop).sessions, 1)
                else:
                    with self.assertRaises(grpc.RpcError) as caught:
                        client.call("EmergencyStop", stop)
                    self.assertEqual(caught.exception.code(), expected)
                    self.assertIn("operators", caught.exception.details())
                with self.assertRaises(grpc.RpcError) as caught:  # all_callers names no session
                    client.call("EmergencyStop",
                                pb.EmergencyStopRequest(all_callers=True, session_id="x"))
                self.assertEqual(caught.exception.code(), C.INVALID_ARGUMENT)
            finally:
                client.shutdown()
                server.stop(grace=1)


class StepSeqTest(ServerTestCase):
    """Numbered steps (capability step.seq): a repeat gets the same answer without stepping, a
    gap or an old number is FAILED_PRECONDITION and nothing steps."""

    def step(self, session_id, action, seq):
        request = pb.StepRequest(session_id=session_id, actions=actions_value([action]), seq=seq)
        return self.client.call("Step", request)

    def test_repeatReturnsTheSameAnswer_gapsRefused_unnumberedStillWork(self):
        r = self.make()
        self.client.reset(r.session_id, seed=3)
        reference = local_env()
        reference.reset(seed=3)
        first = self.step(r.session_id, 1, 1)
        self.assertEqual(first.seq, 1)
        np.testing.assert_array_equal(obs(first)[0], reference.step(np.int64(1))[0])
        self.assertEqual(self.step(r.session_id, 0, 1), first, "a repeat: the same answer")
        gap = self.fails(C.FAILED_PRECONDITION, self.step, r.session_id, 1, 3)
        self.assertIn("step seq 3 is out of order", gap)
        self.assertIn("send 2 for the next step, or 1 again", gap)
        self.fails(C.FAILED_PRECONDITION, self.step, r.session_id, 1, 0 + 5)
        second = self.step(r.session_id, 0, 2)
        np.testing.assert_array_equal(obs(second)[0], reference.step(np.int64(0))[0])
        self.fails(C.FAILED_PRECONDITION, self.step, r.session_id, 0, 1)  # an old number
        unnumbered = self.client.step(r.session_id, actions_value([1]))
        self.assertEqual(unnumbered.seq, 0)
        np.testing.assert_array_equal(obs(unnumbered)[0], reference.step(np.int64(1))[0])
        third = self.step(r.session_id, 1, 3)
        np.testing.assert_array_equal(obs(third)[0], reference.step(np.int64(1))[0])


class StepTest(ServerTestCase):
    def test_step_sameTrajectoryAsTheEnvInProcess(self):
        r = self.make(num_envs=2, max_episode_steps=30)
        self.client.reset(r.session_id, seed=5)
        envs = [local_env(max_episode_steps=30) for _ in range(2)]
        for i, env in enumerate(envs):
            env.reset(seed=5 + i)
        rng = np.random.default_rng(3)
        for _ in range(25):
            actions = rng.integers(0, 2, 2)
            response = self.client.step(r.session_id, actions_value(actions))
            for i, env in enumerate(envs):
                o, reward, terminated, truncated, _ = env.step(np.int64(actions[i]))
                np.testing.assert_array_equal(obs(response)[i], o)
                self.assertEqual(response.rewards[i], reward)
                self.assertEqual(response.terminated[i], terminated)
                self.assertEqual(response.truncated[i], truncated)
                if terminated or truncated:
                    return

    def test_step_beforeReset_failedPrecondition(self):
        r = self.make()
        self.assertEqual(self.fails(C.FAILED_PRECONDITION, self.client.step, r.session_id,
                                    actions_value([0])), "step before reset: call reset first")

    def test_step_wrongActionCountDtypeRangeOrKind_invalidArgumentNamingEnvAndSpace(self):
        r = self.make(num_envs=3)
        self.client.reset(r.session_id, seed=0)
        step = self.client.step
        self.assertEqual(
            self.fails(C.INVALID_ARGUMENT, step, r.session_id, actions_value([0, 1])),
            "invalid actions for 3 x CartPole-v1: expected int64[3] in MultiDiscrete([2 2 2]), "
            "got int64[2] (env i's action at index i, each in Discrete(2))")
        self.assertEqual(
            self.fails(C.INVALID_ARGUMENT, step, r.session_id, actions_value([0, 1, 2])),
            "invalid action for env 2 of CartPole-v1: 2 is outside Discrete(2)")
        self.assertIn("got float32[3]", self.fails(
            C.INVALID_ARGUMENT, step, r.session_id, actions_value(np.zeros(3, np.float32))))
        self.assertIn("expected a tensor for MultiDiscrete([2 2 2]), got string_value",
                      self.fails(C.INVALID_ARGUMENT, step, r.session_id,
                                 values_pb2.Value(string_value="left")))
        self.assertIn("step needs actions for 3 envs of CartPole-v1",
                      self.fails(C.INVALID_ARGUMENT, step, r.session_id))
        self.assertEqual(len(step(r.session_id, actions_value([0, 1, 0])).rewards), 3)

    def test_step_malformedTensor_invalidArgument(self):
        r = self.make()
        self.client.reset(r.session_id)
        bad = values_pb2.Value(tensor=values_pb2.Tensor(dtype=values_pb2.DTYPE_INT64, shape=[1],
                                                        data=b"\0" * 5))
        self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.client.step, r.session_id, bad),
                         "malformed actions: a int64 tensor of shape [1] needs 8 bytes of data, "
                         "got 5")
        no_dtype = values_pb2.Value(tensor=values_pb2.Tensor(shape=[1], data=b"\0" * 8))
        self.fails(C.INVALID_ARGUMENT, self.client.step, r.session_id, no_dtype)
        self.assertEqual(len(self.client.step(r.session_id, actions_value([1])).rewards), 1)

    def test_step_boxActions_nanOrInfRejected_outOfBoundsPassedToTheEnv(self):
        r = self.make("Pendulum-v1", num_envs=2)
        self.client.reset(r.session_id, seed=0)
        message = self.fails(C.INVALID_ARGUMENT, self.client.step, r.session_id,
                             actions_value(np.array([[0], [np.nan]], np.float32)))
        self.assertEqual(message, "invalid action for env 1 of Pendulum-v1: element [0] = NaN is "
                                  "not finite, in Box(-2.0, 2.0, (1,), float32)")
        self.fails(C.INVALID_ARGUMENT, self.client.step, r.session_id,
                   actions_value(np.array([[-np.inf], [0]], np.float32)))
        outside = self.client.step(r.session_id,
                                   actions_value(np.array([[100], [-100]], np.float32)))
        self.client.reset(r.session_id, seed=0)
        at_bounds = self.client.step(r.session_id, actions_value(np.array([[2], [-2]], np.float32)))
        np.testing.assert_array_equal(obs(outside), obs(at_bounds))  # the env clipped

    def test_step_envRaises_internalWithItsMessage_andEverythingGoesOn(self):
        bad = self.make("Exploding-v0").session_id
        good = self.make().session_id
        self.client.reset(bad)
        self.client.reset(good)
        self.assertEqual(self.fails(C.INTERNAL, self.client.step, bad, actions_value([1])),
                         "Exploding-v0 raised RuntimeError: kaboom: the env blew up on action 1")
        self.assertEqual(self.client.step(bad, actions_value([0])).rewards[0], 1.0)
        self.assertEqual(len(self.client.step(good, actions_value([0])).rewards), 1)

    def test_spaceZoo_dictActionsReachTheEnv_andEveryInfoKindComesBack(self):
        r = self.make("SpaceZoo-v0", num_envs=2)
        self.client.reset(r.session_id, seed=1)
        actions = values_pb2.Value()
        entries = actions.map_value.entries
        codec.fill_tensor(entries["move"].tensor, np.array([[0.5, 2.0], [-0.25, 0]], np.float32))
        codec.fill_tensor(entries["choice"].tensor, np.array([2, 0]))
        codec.fill_tensor(entries["bits"].tensor, np.array([[1, 0, 1, 0], [0, 0, 0, 1]], np.int8))
        codec.fill_value(entries["word"], ["ab", ""])
        codec.fill_tensor(entries["pair"].list_value.values.add().tensor, np.array([1, 0]))
        codec.fill_tensor(entries["pair"].list_value.values.add().tensor,
                          np.array([[1, 2], [0, 0]]))
        response = self.client.step(r.session_id, actions)
        o = obs(response)
        np.testing.assert_array_equal(o["box"], [[0.5, 1.0], [-0.25, 0]])
        np.testing.assert_array_equal(o["discrete"], [3, 1])
        np.testing.assert_array_equal(o["multi_binary"], [[1, 0, 1, 0], [0, 0, 0, 1]])
        self.assertEqual(o["multi_binary"].dtype, np.int8)
        np.testing.assert_array_equal(o["multi_discrete"], [[1, 2], [0, 0]])
        self.assertEqual(o["text"], ["ab", ""])
        np.testing.assert_array_equal(o["tuple"][0], [1, 0])
        np.testing.assert_array_equal(o["tuple"][1], [[0.1], [0.1]])
        info = infos(response)[0]
        self.assertEqual(info["np_float32"], np.float32(0.5))
        self.assertEqual(type(info["np_float32"]), np.float32)
        self.assertEqual(type(info["np_int64"]), np.int64)
        self.assertIs(info["np_bool"], True)
        self.assertIs(info["flag"], False)
        self.assertEqual((info["t"], info["ratio"], info["name"]), (1, 0.25, "zoo"))
        np.testing.assert_array_equal(info["array"], np.arange(6).reshape(2, 3))
        self.assertEqual(info["array"].dtype, np.int32)
        self.assertEqual(info["nested"], {"depth": {"level": 2}, "items": [1, 2.5, "three", None]})
        self.assertEqual(info["pair"], [1, "b"])
        self.assertIsNone(info["nothing"])
        bad_word = values_pb2.Value()
        bad_word.CopyFrom(actions)
        bad_word.map_value.entries["word"].Clear()
        codec.fill_value(bad_word.map_value.entries["word"], ["ab", "abcabc"])
        self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.client.step, r.session_id, bad_word),
                         "invalid action for env 1 of SpaceZoo-v0: ['word']: string of length 6 "
                         "is outside Text(0, 5)")

    def test_unsupportedInfoValue_sentAsItsRepr(self):
        r = self.make("SpaceZoo-v0", kwargs={"odd_info": values_pb2.Value(bool_value=True)})
        self.client.reset(r.session_id, seed=1)
        actions = values_pb2.Value()
        e = actions.map_value.entries
        codec.fill_tensor(e["move"].tensor, np.zeros((1, 2), np.float32))
        codec.fill_tensor(e["choice"].tensor, np.array([0]))
        codec.fill_tensor(e["bits"].tensor, np.zeros((1, 4), np.int8))
        codec.fill_value(e["word"], ["a"])
        codec.fill_tensor(e["pair"].list_value.values.add().tensor, np.array([0]))
        codec.fill_tensor(e["pair"].list_value.values.add().tensor, np.zeros((1, 2), np.int64))
        with self.assertLogs("gymbridge_server.requests", "WARNING") as logs:
            info = infos(self.client.step(r.session_id, actions))[0]
            self.client.step(r.session_id, actions)
        self.assertEqual(info["odd"], "{1, 2}")
        self.assertEqual(len(logs.records), 1)  # once per env and key


class AutoresetTest(ServerTestCase):
    def episode(self, mode, num_envs=2, steps=2):
        r = self.make(num_envs=num_envs, max_episode_steps=steps, autoreset_mode=mode)
        self.client.reset(r.session_id, seed=0)
        return r.session_id

    def test_nextStep_stepAfterTheEndResetsWithRewardZero(self):
        sid = self.episode(pb.AUTORESET_MODE_NEXT_STEP)
        env = local_env(max_episode_steps=2)
        env.reset(seed=0)
        self.client.step(sid, actions_value([0, 0]))
        env.step(np.int64(0))
        end = self.client.step(sid, actions_value([0, 0]))
        o_end = env.step(np.int64(0))[0]
        self.assertEqual(list(end.truncated), [True, True])
        np.testing.assert_array_equal(obs(end)[0], o_end)
        after = self.client.step(sid, actions_value([1, 1]))
        np.testing.assert_array_equal(obs(after)[0], env.reset()[0])  # continues the generator
        self.assertEqual((list(after.rewards), list(after.terminated), list(after.truncated)),
                         ([0.0, 0.0], [False, False], [False, False]))
        self.assertEqual(list(self.client.step(sid, actions_value([1, 1])).rewards), [1.0, 1.0])

    def test_sameStep_endingStepReturnsTheResetObsWithFinalObsAndInfo(self):
        sid = self.episode(pb.AUTORESET_MODE_SAME_STEP, steps=1)
        env = local_env(max_episode_steps=1)
        env.reset(seed=0)
        o_end = env.step(np.int64(1))[0]
        o_0 = env.reset()[0]
        end = self.client.step(sid, actions_value([1, 1]))
        self.assertEqual(list(end.truncated), [True, True])
        self.assertEqual(list(end.rewards), [1.0, 1.0])
        np.testing.assert_array_equal(obs(end)[0], o_0)
        info = infos(end)[0]
        np.testing.assert_array_equal(info["final_obs"], o_end)
        self.assertEqual(info["final_info"], {})

    def test_sameStep_discreteFinalObsIsAnInt(self):
        r = self.make("SpaceZoo-v0", autoreset_mode=pb.AUTORESET_MODE_SAME_STEP,
                      max_episode_steps=1)
        self.client.reset(r.session_id, seed=0)
        actions = values_pb2.Value()
        e = actions.map_value.entries
        codec.fill_tensor(e["move"].tensor, np.zeros((1, 2), np.float32))
        codec.fill_tensor(e["choice"].tensor, np.array([1]))
        codec.fill_tensor(e["bits"].tensor, np.zeros((1, 4), np.int8))
        codec.fill_value(e["word"], ["c"])
        codec.fill_tensor(e["pair"].list_value.values.add().tensor, np.array([1]))
        codec.fill_tensor(e["pair"].list_value.values.add().tensor, np.zeros((1, 2), np.int64))
        end = self.client.step(r.session_id, actions)
        final = end.infos[0].entries["final_obs"].map_value.entries
        self.assertEqual(final["discrete"].int_value, 2)
        self.assertEqual(final["text"].string_value, "c")
        self.assertEqual(end.infos[0].entries["final_info"].map_value.entries["t"].int_value, 1)

    def test_disabled_stepAfterTheEndFailsUntilAMaskedReset(self):
        sid = self.episode(pb.AUTORESET_MODE_DISABLED)
        self.client.step(sid, actions_value([0, 0]))
        end = self.client.step(sid, actions_value([0, 0]))
        self.assertEqual(list(end.truncated), [True, True])
        self.assertEqual(self.fails(C.FAILED_PRECONDITION, self.client.step, sid,
                                    actions_value([0, 0])),
                         "env 0's episode ended and autoreset_mode is DISABLED: reset it (with a "
                         "reset mask) before stepping it")
        self.client.reset(sid, reset_mask=[True, False])
        self.assertIn("env 1's episode ended", self.fails(
            C.FAILED_PRECONDITION, self.client.step, sid, actions_value([0, 0])))
        self.client.reset(sid, reset_mask=[False, True])
        self.assertEqual(len(self.client.step(sid, actions_value([0, 0])).rewards), 2)

    def test_makeResponse_saysTheModeInEffect(self):
        self.assertEqual(self.make(autoreset_mode=pb.AUTORESET_MODE_SAME_STEP).autoreset_mode,
                         pb.AUTORESET_MODE_SAME_STEP)


class RenderTest(ServerTestCase):
    def test_render_rgbArrayFrameOfTheEnv(self):
        r = self.make(num_envs=2, render_mode="rgb_array")
        self.fails(C.FAILED_PRECONDITION, self.client.render, r.session_id)
        self.client.reset(r.session_id, seed=0)
        frame = codec.tensor_to_array(self.client.render(r.session_id, 1).frame)
        self.assertEqual((frame.dtype, frame.shape), (np.uint8, (400, 600, 3)))
        self.assertEqual(self.fails(C.INVALID_ARGUMENT, self.client.render, r.session_id, 2),
                         "env_index 2 is outside [0, 2)")

    def test_render_withoutRenderMode_failedPrecondition(self):
        r = self.make()
        self.client.reset(r.session_id)
        self.assertEqual(self.fails(C.FAILED_PRECONDITION, self.client.render, r.session_id),
                         'session of CartPole-v1 was made without render_mode; make it with '
                         'render_mode "rgb_array"')


class SessionTest(ServerTestCase):
    def test_unknownSession_notFound_closeIsIdempotent(self):
        self.assertIn("no open session with id 'nope'", self.fails(
            C.NOT_FOUND, self.client.step, "nope", actions_value([0])))
        r = self.make()
        self.client.close(r.session_id)
        self.client.close(r.session_id)
        self.client.close("never-existed")
        self.fails(C.NOT_FOUND, self.client.reset, r.session_id)
        self.fails(C.NOT_FOUND, self.client.render, r.session_id)

    def test_sessionsRunInParallel_eachSerialized(self):
        ids = [self.make(num_envs=2).session_id for _ in range(3)]
        errors = []

        def run(session_id):
            try:
                self.client.reset(session_id, seed=0)
                for _ in range(30):
                    self.client.step(session_id, actions_value([0, 1]))
            except Exception as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=run, args=(s,)) for s in ids for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


class LeaseTest(ServerTestCase):
    options = dict(lease_seconds=0.3)

    def test_idleSession_closedThenNotFoundAsExpired_busyOneStays(self):
        self.assertEqual(self.client.server_info().lease_seconds, 1)
        idle = self.make().session_id
        busy = self.make().session_id
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            time.sleep(0.05)
            self.client.reset(busy)
        message = self.fails(C.NOT_FOUND, self.client.reset, idle)
        self.assertEqual(message, f"session {idle} expired: it was idle longer than the lease "
                                  f"of 300 ms")
        self.client.reset(busy)
        self.assertEqual(self.server.session_count(), 1)


class StreamTest(ServerTestCase):
    def test_stream_answersInOrder_failuresAsErrorsAndTheStreamGoesOn(self):
        stream = self.client.stream()
        made = stream.ask(pb.SessionRequest(make=pb.MakeRequest(env_id="CartPole-v1")))
        sid = made.make.session_id
        self.opened.append(sid)
        empty = stream.ask(pb.SessionRequest())
        self.assertEqual((empty.error.code, empty.error.message),
                         (3, "empty SessionRequest: set one request"))
        step = pb.SessionRequest(step=pb.StepRequest(session_id=sid, actions=actions_value([1])))
        self.assertEqual(stream.ask(step).error.code, 9)
        stream.send(pb.SessionRequest(reset=pb.ResetRequest(session_id=sid, seed=3)))
        stream.send(step)
        stream.send(pb.SessionRequest(get_server_info=pb.GetServerInfoRequest()))
        stream.send(pb.SessionRequest(close=pb.CloseRequest(session_id=sid)))
        kinds = [stream.receive().WhichOneof("response") for _ in range(4)]
        self.assertEqual(kinds, ["reset", "step", "server_info", "close"])
        stream.half_close()
        with self.assertRaises(StopIteration):
            stream.receive()

    def test_sessionsOutliveStreams_andMixWithUnaryCalls(self):
        first = self.client.stream()
        made = first.ask(pb.SessionRequest(make=pb.MakeRequest(env_id="CartPole-v1")))
        sid = made.make.session_id
        self.opened.append(sid)
        first.half_close()
        self.client.reset(sid, seed=1)
        second = self.client.stream()
        step = second.ask(pb.SessionRequest(step=pb.StepRequest(session_id=sid,
                                                                actions=actions_value([0]))))
        self.assertEqual(step.step.rewards[0], 1.0)
        second.cancel()


class HealthTest(ServerTestCase):
    def test_check_servingForTheServerAndEnvService_notFoundForOthers(self):
        serving = health_pb2.HealthCheckResponse.SERVING
        for name in ["", "gymbridge.v1.EnvService"]:
            self.assertEqual(self.client.health_check(
                health_pb2.HealthCheckRequest(service=name), timeout=5).status, serving)
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.health_check(health_pb2.HealthCheckRequest(service="x"), timeout=5)
        self.assertEqual(caught.exception.code(), C.NOT_FOUND)


class ShutdownTest(unittest.TestCase):
    def test_stop_healthNotServing_idleStreamEndsUnavailable_envsClosed_newCallsRefused(self):
        closed = []

        class Tracked(gym_api_envs.CartPoleEnv):
            def close(self):
                closed.append(self)

        registry = gymbridge_server.Registry()
        registry.register("Tracked-v0", Tracked)
        # a set inbound limit: deriving it would make (and close) one env at startup
        server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False,
                                     max_message_bytes=4 << 20))
        client = Client(server.address)
        try:
            watch = client.health_watch(health_pb2.HealthCheckRequest(service=""), timeout=20)
            self.assertEqual(next(watch).status, health_pb2.HealthCheckResponse.SERVING)
            stream = client.stream()
            sid = stream.ask(pb.SessionRequest(make=pb.MakeRequest(env_id="Tracked-v0",
                                                                   num_envs=2))).make.session_id
            self.assertTrue(sid)
            started = time.monotonic()
            server.stop(grace=5)
            self.assertLess(time.monotonic() - started, 4, "an idle stream held up the drain")
            self.assertEqual(next(watch).status, health_pb2.HealthCheckResponse.NOT_SERVING)
            with self.assertRaises(grpc.RpcError) as ended:
                stream.receive()
            self.assertEqual(ended.exception.code(), C.UNAVAILABLE)
            self.assertIn("the server is shutting down", ended.exception.details())
            self.assertEqual(len(closed), 2)
            with self.assertRaises(grpc.RpcError) as refused:
                client.server_info()
            self.assertEqual(refused.exception.code(), C.UNAVAILABLE)
        finally:
            client.shutdown()
            server.stop()


class DrainTest(unittest.TestCase):
    def test_stop_letsRequestsInFlightFinish_streamThenEndsUnavailable(self):
        class Slow(gym_api_envs.ExplodingEnv):
            def step(self, action):
                time.sleep(0.6)
                return super().step(action)

        registry = gymbridge_server.Registry()
        registry.register("Slow-v0", Slow)
        server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False))
        client = Client(server.address)
        try:
            stream_sid = client.make("Slow-v0").session_id
            unary_sid = client.make("Slow-v0").session_id
            client.reset(stream_sid)
            client.reset(unary_sid)
            stream = client.stream()
            step = pb.SessionRequest(step=pb.StepRequest(session_id=stream_sid,
                                                         actions=actions_value([0])))
            stream.send(step)
            stream.send(step)  # not started when the drain begins: carried out by no one
            unary = client._calls["Step"].future(
                pb.StepRequest(session_id=unary_sid, actions=actions_value([0])), timeout=20)
            time.sleep(0.2)  # both steps are in the env now
            server.stop(grace=5)
            self.assertEqual(stream.receive().step.rewards[0], 1.0)
            with self.assertRaises(grpc.RpcError) as ended:
                stream.receive()
            self.assertEqual(ended.exception.code(), C.UNAVAILABLE)
            self.assertEqual(unary.result().rewards[0], 1.0)
        finally:
            client.shutdown()
            server.stop()


class ExampleClientTest(ServerTestCase):
    def test_randomClient_runsAgainstTheServer(self):
        sys.path.insert(0, os.path.join(ADAPTER, "examples"))
        try:
            import random_client
        finally:
            sys.path.pop(0)
        with contextlib.redirect_stdout(io.StringIO()):
            total = random_client.run(self.server.address, "CartPole-v1", num_envs=2, steps=30)
            pendulum = random_client.run(self.server.address, "Pendulum-v1", num_envs=2,
                                         steps=5)
        self.assertTrue(30 <= total <= 60, total)  # +1 a step, 0 on an autoreset step
        self.assertLess(pendulum, 0)
        self.assertEqual(self.server.session_count(), 0)


class SubprocessTest(unittest.TestCase):
    """``python -m gymbridge_server`` as the Java tests run it."""

    def start(self, *args):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, HERE]), PYTHONUNBUFFERED="1")
        return subprocess.Popen([sys.executable, "-m", "gymbridge_server", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env, cwd=ADAPTER)

    def test_serve_printsListeningLine_steps_andExitsZeroOnSigterm(self):
        process = self.start("--port", "0", "--import", "gym_api_envs", "--lease-seconds", "1.0")
        try:
            line = process.stdout.readline()
            self.assertRegex(line, r"^gymbridge python server listening on 127\.0\.0\.1:\d+\n$")
            client = Client(line.split("listening on ")[1].strip())
            stream = client.stream()
            sid = stream.ask(pb.SessionRequest(make=pb.MakeRequest(env_id="CartPole-v1")))
            sid = sid.make.session_id
            stream.ask(pb.SessionRequest(reset=pb.ResetRequest(session_id=sid, seed=0)))
            step = stream.ask(pb.SessionRequest(step=pb.StepRequest(session_id=sid,
                                                                    actions=actions_value([1]))))
            self.assertEqual(step.step.rewards[0], 1.0)
            self.assertEqual(client.server_info().lease_seconds, 1)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=15), 0, process.stderr.read())
            self.assertLess(time.monotonic() - started, 15)
            with self.assertRaises(grpc.RpcError) as ended:
                stream.receive()
            self.assertEqual(ended.exception.code(), C.UNAVAILABLE)
            client.shutdown()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_badFlag_oneClearLineAndExitTwo(self):
        for args in [["--port", "abc"], ["--max-sessions", "0"], ["--nope"],
                     ["--import", "no_such_module_xyz"]]:
            with self.subTest(args=args):
                process = self.start(*args)
                out, err = process.communicate(timeout=30)
                self.assertEqual(process.returncode, 2, err)
                self.assertEqual(out, "")
                lines = [line for line in err.splitlines() if line.startswith("gymbridge_server")]
                self.assertEqual(len(lines), 1, err)


@unittest.skipUnless(has_gymnasium(), GYMNASIUM_HINT)
class GymnasiumServerTest(unittest.TestCase):
    """Envs made by real Gymnasium (an empty own registry, so every id is Gymnasium's)."""

    @classmethod
    def setUpClass(cls):
        cls.server = serve(ServerOptions(port=0, registry=gymbridge_server.Registry(),
                                         allow=("CartPole-v1", "Pendulum-v1", "Blackjack-v1")))
        cls.client = Client(cls.server.address)

    @classmethod
    def tearDownClass(cls):
        cls.client.shutdown()
        cls.server.stop(grace=2)

    def test_trajectories_equalGymnasiumInProcess(self):
        import gymnasium

        for env_id, actions in [("CartPole-v1", [np.array([i % 2, 1]) for i in range(40)]),
                                ("Pendulum-v1",
                                 [np.array([[1.5], [-3.0]], np.float32)] * 30)]:
            with self.subTest(env_id=env_id):
                r = self.client.make(env_id, num_envs=2, max_episode_steps=25)
                got = obs(self.client.reset(r.session_id, seed=11))
                envs = [gymnasium.make(env_id, max_episode_steps=25) for _ in range(2)]
                for i, env in enumerate(envs):
                    np.testing.assert_array_equal(got[i], env.reset(seed=11 + i)[0])
                for a in actions:
                    response = self.client.step(r.session_id, actions_value(a))
                    for i, env in enumerate(envs):
                        o, reward, terminated, truncated, _ = env.step(a[i])
                        np.testing.assert_array_equal(obs(response)[i], o)
                        self.assertEqual(response.rewards[i], float(reward))
                        if terminated or truncated:
                            break
                    else:
                        continue
                    break
                self.client.close(r.session_id)

    def test_gymnasiumErrors_mappedToStatusCodes(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.make("CartPole-v1", kwargs={"nope": values_pb2.Value(int_value=1)})
        self.assertEqual(caught.exception.code(), C.INVALID_ARGUMENT)
        self.assertIn("nope", caught.exception.details())
        ids = [e.spec.id for e in self.client.list_envs().envs]
        self.assertEqual(ids, ["Blackjack-v1", "CartPole-v1", "Pendulum-v1"])

    def test_tupleObservations_ofBlackjack(self):
        r = self.client.make("Blackjack-v1", num_envs=2)
        self.assertEqual(len(r.observation_space.tuple.spaces), 3)
        got = obs(self.client.reset(r.session_id, seed=0))
        self.assertEqual(len(got), 3)
        self.assertEqual(got[0].shape, (2,))
        self.client.close(r.session_id)


if __name__ == "__main__":
    unittest.main()
