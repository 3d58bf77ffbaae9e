package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvFactory;
import io.gymbridge.env.EnvProvider;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the MuJoCo envs under Gymnasium's ids and specs, and the generic {@code MJCF-v0}.
 *
 * <p>Found by {@link java.util.ServiceLoader}; registering needs no MuJoCo, so the ids are listed
 * everywhere, and making one where MuJoCo is missing is FAILED_PRECONDITION saying what to install
 * ({@link MujocoLibrary#INSTALL_HINT}).
 */
public final class Mujoco implements EnvProvider {

    /**
     * The system property naming the directory whose model files {@code MJCF-v0} (and the {@code
     * xml_file} kwarg) may open by name: what a server's operator allows ({@code ./gymbridge serve
     * --mujoco-models DIR}).
     */
    public static final String MODELS_PROPERTY = "gymbridge.mujoco.models";

    /** One registration: Gymnasium's spec and the factory. */
    record Registration(EnvSpec spec, EnvFactory factory) {}

    /** Gymnasium's MuJoCo envs, in Gymnasium's order of registration. */
    static final List<Registration> GYMNASIUM = gymnasium();

    private static List<Registration> gymnasium() {
        List<Registration> r = new ArrayList<>();
        r.add(new Registration(ReacherEnv.V4, ReacherEnv::create));
        r.add(new Registration(ReacherEnv.V5, ReacherEnv::create));
        r.add(new Registration(InvertedPendulumEnv.V4, InvertedPendulumEnv::create));
        r.add(new Registration(InvertedPendulumEnv.V5, InvertedPendulumEnv::create));
        r.add(new Registration(InvertedDoublePendulumEnv.V4, InvertedDoublePendulumEnv::create));
        r.add(new Registration(InvertedDoublePendulumEnv.V5, InvertedDoublePendulumEnv::create));
        r.add(new Registration(HalfCheetahEnv.V4, HalfCheetahEnv::create));
        r.add(new Registration(HalfCheetahEnv.V5, HalfCheetahEnv::create));
        r.add(new Registration(HopperEnv.V4, HopperEnv::create));
        r.add(new Registration(HopperEnv.V5, HopperEnv::create));
        r.add(new Registration(SwimmerEnv.V4, SwimmerEnv::create));
        r.add(new Registration(SwimmerEnv.V5, SwimmerEnv::create));
        r.add(new Registration(Walker2dEnv.V4, Walker2dEnv::create));
        r.add(new Registration(Walker2dEnv.V5, Walker2dEnv::create));
        r.add(new Registration(PusherEnv.V4, PusherEnv::create));
        r.add(new Registration(PusherEnv.V5, PusherEnv::create));
        r.add(new Registration(AntEnv.V4, AntEnv::create));
        r.add(new Registration(AntEnv.V5, AntEnv::create));
        r.add(new Registration(HumanoidEnv.V4, HumanoidEnv::create));
        r.add(new Registration(HumanoidEnv.V5, HumanoidEnv::create));
        r.add(new Registration(HumanoidStandupEnv.V4, HumanoidStandupEnv::create));
        r.add(new Registration(HumanoidStandupEnv.V5, HumanoidStandupEnv::create));
        return List.copyOf(r);
    }

    /** Used by ServiceLoader. */
    public Mujoco() {}

    /** The ids of Gymnasium's MuJoCo envs registered here. */
    public static List<String> gymnasiumIds() {
        return GYMNASIUM.stream().map(r -> r.spec().id()).toList();
    }

    /** {@code mujoco:2.2.2} when MuJoCo can be used here; nothing otherwise. */
    @Override
    public List<String> capabilities() {
        if (MujocoLibrary.unavailableReason().isPresent()) {
            return List.of();
        }
        return List.of("mujoco:" + MujocoLibrary.get().versionName());
    }

    @Override
    public void register(EnvRegistry registry) {
        for (Registration r : GYMNASIUM) {
            registry.register(r.spec(), r.factory());
        }
        registry.register(MjcfEnv.SPEC, MjcfEnv::create);
    }
}
