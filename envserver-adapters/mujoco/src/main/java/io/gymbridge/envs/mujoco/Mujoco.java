package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvProvider;
import io.gymbridge.env.EnvRegistry;

/**
 * Registers the MuJoCo envs under Gymnasium's ids and specs, and the generic {@code MJCF-v0}.
 *
 * <p>Found by {@link java.util.ServiceLoader}; registering needs no MuJoCo, so the ids are listed
 * everywhere, and making one where MuJoCo is missing is FAILED_PRECONDITION saying what to install
 * ({@link MujocoLibrary#INSTALL_HINT}).
 */
public final class Mujoco implements EnvProvider {

    /** Used by ServiceLoader. */
    public Mujoco() {}

    @Override
    public void register(EnvRegistry registry) {
        registry.register(InvertedPendulumEnv.V4, InvertedPendulumEnv::create);
        registry.register(InvertedPendulumEnv.V5, InvertedPendulumEnv::create);
        registry.register(HalfCheetahEnv.V4, HalfCheetahEnv::create);
        registry.register(HalfCheetahEnv.V5, HalfCheetahEnv::create);
        registry.register(HopperEnv.V4, HopperEnv::create);
        registry.register(HopperEnv.V5, HopperEnv::create);
        registry.register(MjcfEnv.SPEC, MjcfEnv::create);
    }
}
