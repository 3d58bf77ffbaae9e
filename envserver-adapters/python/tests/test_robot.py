"""The robot features of the Python adapter on its own (the Java WatchdogTest and ControlTest run
the same against it over the wire): a robot env's hooks under the watchdog, ClearFault, and an
env-paced Control stream with its hold and safe action."""

import queue
import threading
import time
import unittest

from _support import Client, actions_value

import numpy as np  # noqa: E402
import grpc  # noqa: E402

import gymbridge_server  # noqa: E402
from gymbridge_server import ServerOptions, serve  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402
from gymbridge_server.robot import RobotEnv, is_robot, robots  # noqa: E402
from gym_api_envs import Box, Env  # noqa: E402

C = grpc.StatusCode


class Joint(RobotEnv, Env):
    """One joint: observation [position, last action], action a velocity; records its hooks."""

    control_period = 0.02
    events = []

    def __init__(self):
        self.observation_space = Box(-1e3, 1e3, (2,), np.float32)
        self.action_space = Box(-1.0, 1.0, (1,), np.float32)
        self.position = np.float32(0)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.position = np.float32(0)
        return np.zeros(2, np.float32), {}

    def step(self, action):
        a = np.float32(np.asarray(action).reshape(-1)[0])
        self.position = np.float32(self.position + a)
        return np.array([self.position, a], np.float32), 0.0, False, False, {}

    def safe_action(self):
        return np.zeros(1, np.float32)

    def apply_safe_action(self):
        Joint.events.append(("safe", time.monotonic()))

    def on_fault(self, fault):
        Joint.events.append(("fault", time.monotonic(), fault))

    def emergency_stop(self, reason):
        Joint.events.append(("estop", time.monotonic(), reason))


def wait_for(kind, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = [e for e in Joint.events if e[0] == kind]
        if found:
            return found[0]
        time.sleep(0.002)
    raise AssertionError(f"no {kind} event within {timeout} s: {Joint.events}")


class RobotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        registry = gymbridge_server.Registry()
        registry.register("Joint-v0", Joint)
        cls.server = serve(ServerOptions(port=0, registry=registry, use_gymnasium=False,
                                         max_message_bytes=4 << 20))
        cls.client = Client(cls.server.address)

    @classmethod
    def tearDownClass(cls):
        cls.client.shutdown()
        cls.server.stop(grace=1)

    def setUp(self):
        Joint.events = []

    def test_robots_areFoundUnwrapped_allOrNone(self):
        self.assertTrue(is_robot(Joint()))
        self.assertEqual(len(robots([Joint(), Joint()])), 2)
        self.assertEqual(robots([Joint(), Env()]), [])

    def test_watchdog_silenceFaults_holdThenSafeAction_clearFaultResumes(self):
        watchdog = pb.Watchdog(command_timeout_ms=50, hold_periods=2)
        sid = self.client.make("Joint-v0", watchdog=watchdog).session_id
        self.client.reset(sid)
        go = actions_value(np.array([[0.5]], np.float32))
        last = self.client.step(sid, go).timing.observed_monotonic_ns / 1e9  # the server's clock
        fault = wait_for("fault")
        safe = wait_for("safe")
        self.assertGreaterEqual(fault[1] - last, 0.0495)
        self.assertIn("watchdog: no command for", fault[2])
        self.assertGreaterEqual(safe[1] - fault[1], 0.035, "held 2 periods of 20 ms")
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.step(sid, go)
        self.assertEqual(caught.exception.code(), C.FAILED_PRECONDITION)
        self.assertIn("watchdog", caught.exception.details())
        cleared = self.client.call("ClearFault", pb.ClearFaultRequest(session_id=sid))
        self.assertTrue(cleared.fault.startswith("watchdog"))
        self.client.step(sid, go)

    def test_control_ticksWithLatestActions_lostStreamBringsTheSafeAction(self):
        watchdog = pb.Watchdog(command_timeout_ms=60_000, hold_periods=1)
        sid = self.client.make("Joint-v0", watchdog=watchdog).session_id
        self.client.reset(sid)
        requests = queue.Queue()
        requests.put(pb.ControlRequest(start=pb.ControlStart(session_id=sid)))
        requests.put(pb.ControlRequest(action=pb.ControlAction(
            actions=actions_value(np.array([[1.0]], np.float32)), seq=5)))
        call = self.client.control(iter(requests.get, None), timeout=30)
        ticks = []
        for response in call:
            self.assertEqual(response.WhichOneof("response"), "tick", response)
            if response.tick.step.seq == 5:
                ticks.append(response.tick)
            if len(ticks) == 5:
                break
        self.assertEqual([t.tick for t in ticks], list(range(ticks[0].tick, ticks[0].tick + 5)))
        self.assertTrue(all(t.held for t in ticks[1:]))
        with self.assertRaises(grpc.RpcError) as caught:  # agent-paced steps refused meanwhile
            self.client.step(sid, actions_value(np.array([[0.0]], np.float32)))
        self.assertIn("env-paced", caught.exception.details())
        cancelled = time.monotonic()
        call.cancel()
        safe = wait_for("safe")
        self.assertLess(safe[1] - cancelled, 1.0, "the lost stream is silence at once")
        self.assertGreaterEqual(safe[1] - cancelled, 0.015, "after a hold of one 20 ms period")
        requests.put(None)


if __name__ == "__main__":
    unittest.main()
