"""The same EnvRequests on ``grpc.aio`` instead of grpc's synchronous server, for the transport
comparison in RESULTS.md beside it only (not a supported way to run the server: no health, no
drain).

Every call runs inline on the event loop, like the Java server's "direct" executor.

    PYTHONPATH=envserver-adapters/python/tests /usr/bin/python3 agents/bench/python/aio_server.py \
        --port 0 --import gym_api_envs
"""

import argparse
import asyncio
import importlib
import os
import sys

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))  # agents/bench/python -> the repo
sys.path[:0] = [os.path.join(ROOT, "envserver-adapters", "python", "src")]

from gymbridge_server.catalog import Catalog  # noqa: E402
from gymbridge_server.proto import env_service_pb2 as pb  # noqa: E402
from gymbridge_server.registry import REGISTRY  # noqa: E402
from gymbridge_server.requests import EnvRequests, as_env_error  # noqa: E402
from gymbridge_server.sessions import SessionStore  # noqa: E402


def unary(handle, request_cls, response_cls):
    async def behavior(request, context):
        out = response_cls()
        try:
            handle(request, out)
        except Exception as e:
            error = as_env_error(e)
            await context.abort(error.code, error.message)
        return out

    return grpc.unary_unary_rpc_method_handler(behavior, request_cls.FromString,
                                               response_cls.SerializeToString)


async def main(args):
    requests = EnvRequests(Catalog(REGISTRY), SessionStore(256, 600.0), 1024)

    async def session(request_iterator, context):
        while True:
            request = await context.read()
            if request is grpc.aio.EOF:
                return
            await context.write(requests.handle(request))

    r = requests
    handler = grpc.method_handlers_generic_handler("gymbridge.v1.EnvService", {
        "GetServerInfo": unary(r.server_info, pb.GetServerInfoRequest, pb.ServerInfo),
        "Make": unary(r.make, pb.MakeRequest, pb.MakeResponse),
        "Reset": unary(r.reset, pb.ResetRequest, pb.ResetResponse),
        "Step": unary(r.step, pb.StepRequest, pb.StepResponse),
        "Close": unary(r.close, pb.CloseRequest, pb.CloseResponse),
        "Session": grpc.stream_stream_rpc_method_handler(
            session, pb.SessionRequest.FromString, pb.SessionResponse.SerializeToString),
    })
    server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    await server.start()
    print(f"gymbridge python aio server listening on 127.0.0.1:{port}", flush=True)
    await server.wait_for_termination()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--import", dest="imports", action="append", default=[])
    parser.add_argument("--log-level", default="warning")
    arguments = parser.parse_args()
    for module in arguments.imports:
        importlib.import_module(module)
    asyncio.run(main(arguments))
