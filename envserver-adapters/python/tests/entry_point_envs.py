"""A module that registers an env when imported: the target of the ``module:EnvId`` tests
(``entry_point_envs:Imported-v0``), which the server refuses unless --allow-entry-points."""

import gymbridge_server
from gym_api_envs import ExplodingEnv

gymbridge_server.register("Imported-v0", ExplodingEnv)
