"""A module no test imports: the server must refuse ``untrusted_envs:Untrusted-v0`` without
importing it (the PERMISSION_DENIED test checks sys.modules)."""

import gymbridge_server
from gym_api_envs import ExplodingEnv

gymbridge_server.register("Untrusted-v0", ExplodingEnv)
