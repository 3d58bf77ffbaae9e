package io.gymbridge.envs.classic;

import io.gymbridge.env.EnvProvider;
import io.gymbridge.env.EnvRegistry;

/**
 * Registers the bundled classic-control envs under Gymnasium's ids, specs and defaults:
 * CartPole-v1, Pendulum-v1, MountainCar-v0, MountainCarContinuous-v0 and Acrobot-v1.
 *
 * <p>Found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/io.gymbridge.env.EnvProvider}, so having this jar on the class path is enough
 * for {@link EnvRegistry#withProviders()}. The registry adds the TimeLimit of each spec.
 */
public final class ClassicControl implements EnvProvider {

    /** Used by ServiceLoader. */
    public ClassicControl() {}

    @Override
    public void register(EnvRegistry registry) {
        registry.register(CartPoleEnv.SPEC, CartPoleEnv::new);
        registry.register(PendulumEnv.SPEC, PendulumEnv::new);
        registry.register(MountainCarEnv.SPEC, MountainCarEnv::new);
        registry.register(MountainCarContinuousEnv.SPEC, MountainCarContinuousEnv::new);
        registry.register(AcrobotEnv.SPEC, AcrobotEnv::new);
    }
}
