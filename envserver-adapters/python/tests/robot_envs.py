"""The one-joint robot of the Java server's WatchdogTest and ControlTest (TestRobot.java), for
running those tests against the Python server (``--import robot_envs``).

Observation [position, last action], action a velocity in [-1, 1]; a step takes ``step_ms`` and
moves the position by the action. A robot env (gymbridge_server.robot.RobotEnv) with safe action
0 and a control period of ``period_ms``; each hook appends "KIND MONOTONIC_NS DETAIL" to the file
``events_file`` names, on the clock of Java's System.nanoTime() (CLOCK_MONOTONIC on Linux).
"""

import threading
import time

import numpy as np

import gymbridge_server
from gym_api_envs import Box, Env
from gymbridge_server.robot import RobotEnv


class TestRobot(RobotEnv, Env):
    def __init__(self, step_ms=0, period_ms=20, events_file=""):
        self.observation_space = Box(-1000.0, 1000.0, (2,), np.float32)
        self.action_space = Box(-1.0, 1.0, (1,), np.float32)
        self.control_period = period_ms / 1000.0
        self._step_s = step_ms / 1000.0
        self._events_file = events_file
        self._lock = threading.Lock()
        self._position = np.float32(0)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._position = np.float32(0)
        return np.array([0, 0], dtype=np.float32), {}

    def step(self, action):
        if self._step_s:
            time.sleep(self._step_s)
        a = np.float32(np.asarray(action).reshape(-1)[0])
        self._position = np.float32(self._position + a)
        return np.array([self._position, a], dtype=np.float32), 0.0, False, False, {}

    def safe_action(self):
        return np.zeros(1, dtype=np.float32)

    def apply_safe_action(self):
        self._record("SAFE_ACTION", "")

    def controlled_stop(self):
        self._record("CONTROLLED_STOP", "")

    def on_fault(self, fault):
        self._record("FAULT", fault)

    def emergency_stop(self, reason):
        self._record("EMERGENCY_STOP", reason)

    def _record(self, kind, detail):
        if self._events_file:
            line = f"{kind} {time.monotonic_ns()} {detail}\n"
            with self._lock, open(self._events_file, "a", encoding="utf-8") as f:
                f.write(line)


gymbridge_server.register("TestRobot-v0", TestRobot)
