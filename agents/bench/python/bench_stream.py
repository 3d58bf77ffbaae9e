"""Per-step cost of the Python server: a Python client stepping over the Session stream vs
``env.step`` in-process.

    /usr/bin/python3 agents/bench/python/bench_stream.py [--seconds 5] [--num-envs 1,64] [--aio]

(from anywhere: it puts the adapter's src/ and tests/, envserver-adapters/python, on its path).

Starts ``python -m gymbridge_server --import gym_api_envs`` as a subprocess on a free port, then
for each num_envs: times CartPole-v1 ``env.step`` in this process (the same env class, with its
TimeLimit, autoresetting), then round trips on one Session stream, alternating blocks of 200 steps
with blocks of 50 echoes (``get_server_info``, a request that does nothing) so that both see the
same machine noise. Prints medians and p99 in microseconds, what the server adds per step over
the in-process step, and the server's CPU time per wall-clock second (1.0 = one core busy).
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import time

import grpc
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))  # agents/bench/python -> the repo
ADAPTER = os.path.join(ROOT, "envserver-adapters", "python")
sys.path[:0] = [os.path.join(ADAPTER, "src"), os.path.join(ADAPTER, "tests")]

import gym_api_envs  # noqa: E402,F401
import gymbridge_server  # noqa: E402
from gymbridge_server import codec  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402


def in_process_us(seconds: float) -> float:
    env = gymbridge_server.REGISTRY.make("CartPole-v1")
    env.reset(seed=0)
    actions = [np.int64(a) for a in np.random.default_rng(0).integers(0, 2, 100_000)]
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a in actions[:10_000]:
            _, _, terminated, truncated, _ = env.step(a)
            if terminated or truncated:
                env.reset()
        n += 10_000
    return (time.perf_counter() - start) / n * 1e6


class StreamClient:
    def __init__(self, address: str):
        self.channel = grpc.insecure_channel(address)
        call = self.channel.stream_stream("/gymbridge.v1.EnvService/Session",
                                          pb.SessionRequest.SerializeToString,
                                          pb.SessionResponse.FromString)
        self.requests = queue.SimpleQueue()
        self.responses = call(iter(self.requests.get, None), timeout=3600)

    def ask(self, request: pb.SessionRequest) -> pb.SessionResponse:
        self.requests.put(request)
        response = next(self.responses)
        if response.HasField("error"):
            raise RuntimeError(response.error.message)
        return response

    def close(self):
        self.requests.put(None)
        self.channel.close()


def remote(client: StreamClient, num_envs: int, seconds: float, warmup: float):
    sid = client.ask(pb.SessionRequest(make=pb.MakeRequest(
        env_id="CartPole-v1", num_envs=num_envs))).make.session_id
    client.ask(pb.SessionRequest(reset=pb.ResetRequest(session_id=sid, seed=0)))
    rng = np.random.default_rng(1)
    steps = []
    for _ in range(64):
        request = pb.SessionRequest(step=pb.StepRequest(session_id=sid))
        codec.fill_tensor(request.step.actions.tensor, rng.integers(0, 2, num_envs))
        steps.append(request)
    echo = pb.SessionRequest(get_server_info=pb.GetServerInfoRequest())
    step_us, echo_us = [], []
    end_warmup = time.perf_counter() + warmup
    end = end_warmup + seconds
    i = 0
    while time.perf_counter() < end:
        measuring = time.perf_counter() > end_warmup
        for _ in range(200):
            t = time.perf_counter_ns()
            client.ask(steps[i % 64])
            if measuring:
                step_us.append((time.perf_counter_ns() - t) / 1000)
            i += 1
        for _ in range(50):
            t = time.perf_counter_ns()
            client.ask(echo)
            if measuring:
                echo_us.append((time.perf_counter_ns() - t) / 1000)
    client.ask(pb.SessionRequest(close=pb.CloseRequest(session_id=sid)))
    return step_us, echo_us


def p(values, q):
    return sorted(values)[min(len(values) - 1, int(len(values) * q))]


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--num-envs", default="1,64")
    parser.add_argument("--aio", action="store_true",
                        help="measure aio_server.py (grpc.aio, beside this script) instead")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path[:2]))
    command = ([os.path.join(HERE, "aio_server.py")] if args.aio else ["-m", "gymbridge_server"])
    server = subprocess.Popen([sys.executable, *command, "--port", "0",
                               "--import", "gym_api_envs", "--log-level", "warning"],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        address = server.stdout.readline().split("listening on ")[1].strip()
        client = StreamClient(address)
        local = in_process_us(args.seconds)
        print(f"machine: {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}; "
              f"python {sys.version.split()[0]}, grpcio {grpc.__version__}, numpy "
              f"{np.__version__}")
        print(f"in-process CartPole-v1 env.step (with TimeLimit): {local:.1f} us")
        print(f"{'stream':<16}{'p50 us':>9}{'p99 us':>9}{'echo p50':>10}{'echo p99':>10}"
              f"{'added p50':>11}{'env steps/s':>13}{'server cpu':>12}")
        for n in [int(x) for x in args.num_envs.split(",")]:
            cpu0, wall0 = cpu_seconds(server.pid), time.perf_counter()
            step_us, echo_us = remote(client, n, args.seconds, args.warmup)
            busy = (cpu_seconds(server.pid) - cpu0) / (time.perf_counter() - wall0)
            p50 = statistics.median(step_us)
            print(f"{'num_envs=' + str(n):<16}{p50:9.1f}{p(step_us, .99):9.1f}"
                  f"{statistics.median(echo_us):10.1f}{p(echo_us, .99):10.1f}"
                  f"{p50 - n * local:11.1f}{n * 1e6 / statistics.mean(step_us):13,.0f}"
                  f"{busy:12.2f}")
        client.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
