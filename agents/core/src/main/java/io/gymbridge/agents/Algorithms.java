package io.gymbridge.agents;

import io.gymbridge.agents.ddpg.Ddpg;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.sac.Sac;
import io.gymbridge.agents.td3.Td3;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The algorithms by their names on the command line. */
public final class Algorithms {
    private Algorithms() {}

    private static final Map<String, Algorithm<?>> ALL = new LinkedHashMap<>();

    static {
        for (Algorithm<?> a :
                List.of(
                        Ppo.ALGORITHM,
                        Vpg.ALGORITHM,
                        Trpo.ALGORITHM,
                        Trpo.NPG,
                        Ddpg.ALGORITHM,
                        Td3.ALGORITHM,
                        Sac.ALGORITHM)) {
            ALL.put(a.name(), a);
        }
    }

    /**
     * The algorithm called {@code name}.
     *
     * @throws IllegalArgumentException naming the known algorithms, for an unknown name
     */
    public static Algorithm<?> get(String name) {
        Algorithm<?> a = ALL.get(name);
        if (a == null) {
            throw new IllegalArgumentException(
                    "unknown algorithm '" + name + "'; known: " + String.join(", ", names()));
        }
        return a;
    }

    /**
     * The algorithms' names: the on-policy ppo, vpg, trpo and npg (TRPO's natural policy gradient
     * variant, Spinning Up's {@code trpo(algo='npg')}: the name its config.json records), and the
     * off-policy ddpg, td3 and sac (continuous actions only).
     */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
