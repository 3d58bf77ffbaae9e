"""A gymbridge.v1 client in Python: random actions on a served env over the Session stream.

    PYTHONPATH=src:tests python3 -m gymbridge_server --port 50051 --import gym_api_envs
    PYTHONPATH=src python3 examples/random_client.py 127.0.0.1:50051 CartPole-v1  # elsewhere

It uses only the generated messages and gymbridge_server.codec/spaces for the tensors; a client
in any other language does the same with its own protoc output (docs/protocol.md).
"""

import queue
import sys

import grpc
import numpy as np

from gymbridge_server import codec, spaces
from gymbridge_server.proto import env_service_pb2 as pb


def run(address: str, env_id: str = "CartPole-v1", num_envs: int = 4, steps: int = 200,
        seed: int = 0) -> float:
    """Steps ``num_envs`` copies of ``env_id`` with random actions; returns the summed reward."""
    with grpc.insecure_channel(address) as channel:
        session = channel.stream_stream("/gymbridge.v1.EnvService/Session",
                                        pb.SessionRequest.SerializeToString,
                                        pb.SessionResponse.FromString)
        requests = queue.Queue()
        responses = session(iter(requests.get, None), timeout=60)  # a deadline on every call

        def ask(**request):
            requests.put(pb.SessionRequest(**request))
            response = next(responses)
            if response.HasField("error"):
                raise RuntimeError(f"status {response.error.code}: {response.error.message}")
            return getattr(response, response.WhichOneof("response"))

        made = ask(make=pb.MakeRequest(env_id=env_id, num_envs=num_envs))
        action_space = spaces.from_proto(made.single_action_space)
        print(f"session {made.session_id}: {num_envs} x {env_id}, actions in {action_space}")
        ask(reset=pb.ResetRequest(session_id=made.session_id, seed=seed))
        rng = np.random.default_rng(seed)
        total = 0.0
        for _ in range(steps):
            if isinstance(action_space, spaces.Discrete):
                actions = action_space.start + rng.integers(0, action_space.n, num_envs)
            elif isinstance(action_space, spaces.Box):
                actions = rng.uniform(action_space.low, action_space.high,
                                      (num_envs,) + action_space.shape).astype(action_space.dtype)
            else:
                raise SystemExit(f"this example samples Discrete and Box actions only, not "
                                 f"{action_space}")
            step = pb.StepRequest(session_id=made.session_id)
            codec.fill_tensor(step.actions.tensor, actions)
            result = ask(step=step)
            total += sum(result.rewards)
        ask(close=pb.CloseRequest(session_id=made.session_id))
        requests.put(None)  # half-close: the stream ends with OK
        return total


if __name__ == "__main__":
    if len(sys.argv) > 3 or any(a in ("-h", "--help") for a in sys.argv[1:]):
        print("usage: random_client.py [HOST:PORT (127.0.0.1:50051)] [ENV_ID (CartPole-v1)]")
        sys.exit(0 if len(sys.argv) <= 3 else 2)
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50051"
    env_id = sys.argv[2] if len(sys.argv) > 2 else "CartPole-v1"
    print(f"total reward: {run(address, env_id):.1f}")
