package io.gymbridge.env;

import io.gymbridge.env.vector.VectorEnv;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens envs by name, wherever they run. Swapping an environment is changing the string:
 *
 * <ul>
 *   <li>{@code "CartPole-v1"}: a registered env in this process (the bundled classic-control envs,
 *       or any {@link EnvProvider} on the class path), made as {@code gymnasium.make}.
 *   <li>{@code "grpc://host:port/CartPole-v1?max_episode_steps=200&num_envs=8"}: a session on a
 *       gymbridge server (Java or Python); see {@link EnvAddress} for the parameters. Needs the
 *       gymbridge-client-grpc jar on the class path.
 *   <li>{@code "unix:/tmp/gym.sock?env=CartPole-v1&num_envs=8"}: the same on a server listening on
 *       a Unix domain socket of this host (Linux), whose file permissions decide who may connect.
 *   <li>{@code "grpcs://host:port/CartPole-v1?ca_file=ca.pem&token_file=token.txt"}: the same over
 *       TLS, with the credentials read from the files the URL names (or from the files named by
 *       {@code GYMBRIDGE_CA_FILE}, {@code GYMBRIDGE_CERT_FILE}, {@code GYMBRIDGE_KEY_FILE} and
 *       {@code GYMBRIDGE_TOKEN_FILE}).
 * </ul>
 *
 * <p>The type parameters are the caller's to choose, as with Gymnasium's duck typing: {@code
 * Env<Tensor, Integer> env = Envs.make("CartPole-v1")}. A wrong choice fails on first use with a
 * ClassCastException.
 */
public final class Envs {
    private Envs() {}

    private static final class Holder {
        static final EnvRegistry REGISTRY = EnvRegistry.withProviders();
        static final Map<String, EnvConnector> CONNECTORS = loadConnectors();

        private static Map<String, EnvConnector> loadConnectors() {
            Map<String, EnvConnector> out = new HashMap<>();
            for (EnvConnector c : ServiceLoader.load(EnvConnector.class)) {
                out.put(c.scheme(), c);
            }
            return Map.copyOf(out);
        }
    }

    /** The process-wide registry behind bare ids; register your own envs here. */
    public static EnvRegistry registry() {
        return Holder.REGISTRY;
    }

    /**
     * Opens one env by id or URL.
     *
     * @throws EnvException NOT_FOUND for an unknown id, INVALID_ARGUMENT for a malformed URL or a
     *     URL with num_envs above 1, UNAVAILABLE for an unreachable server
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Env<O, A> make(String target) {
        if (!isUrl(target)) {
            return registry().make(target, Map.of());
        }
        EnvAddress address = EnvAddress.parse(target);
        if (address.numEnvs() != 1) {
            throw EnvException.invalidArgument(
                    "num_envs="
                            + address.numEnvs()
                            + " in '"
                            + target
                            + "': use Envs.makeVector for more than one env");
        }
        return (Env<O, A>) connector(address).open(address);
    }

    /** A URL ({@code grpc://...}, {@code unix:/...}) rather than a bare env id. */
    private static boolean isUrl(String target) {
        return target.contains("://") || target.startsWith(EnvAddress.UNIX_SCHEME + ":");
    }

    /** Opens one env by id with kwargs (plus {@code max_episode_steps} and {@code render_mode}). */
    public static <O, A> Env<O, A> make(String id, Map<String, ?> kwargs) {
        return registry().make(id, kwargs);
    }

    /**
     * Opens a vector env: a bare id gives {@code numEnvs} in-process envs (NEXT_STEP autoreset); a
     * URL gives a remote session of its own {@code num_envs} (which wins if given) or numEnvs.
     */
    @SuppressWarnings("unchecked")
    public static <O, A> VectorEnv<O, A> makeVector(String target, int numEnvs) {
        if (!isUrl(target)) {
            return (VectorEnv<O, A>)
                    registry()
                            .makeVector(
                                    target,
                                    Map.of(),
                                    numEnvs,
                                    io.gymbridge.env.vector.AutoresetMode.NEXT_STEP);
        }
        EnvAddress address = EnvAddress.parse(target);
        if (!target.contains("num_envs=")) {
            address = address.withNumEnvs(numEnvs);
        }
        return (VectorEnv<O, A>) connector(address).openVector(address);
    }

    /**
     * Opens {@code numEnvs} envs as {@code groups} vector envs of nearly equal size (the first ones
     * one env larger when it does not divide), env j of group g being env {@code offset(g) + j} of
     * the whole, for a caller that steps the groups in turn and keeps one in flight while it works
     * on another ({@link VectorEnv#stepAsync}). A URL opens one session per group, each of its
     * share of the URL's {@code num_envs} (which wins if given) or numEnvs; a bare id opens
     * in-process groups. Reset group g with {@code seed + offset(g)} to seed env i with seed + i,
     * as one vector env of all of them would.
     *
     * @throws IllegalArgumentException if groups is not in [1, numEnvs]
     * @throws EnvException if a group cannot be opened; those opened are closed
     */
    @SuppressWarnings("unchecked")
    public static List<VectorEnv<Object, Object>> makeVectorGroups(
            String target, int numEnvs, int groups) {
        int total = numEnvs;
        EnvAddress address = null;
        if (isUrl(target)) {
            address = EnvAddress.parse(target);
            total = target.contains("num_envs=") ? address.numEnvs() : numEnvs;
        }
        if (groups < 1 || groups > total) {
            throw new IllegalArgumentException(
                    "groups must be in [1, " + total + "] for " + total + " envs, got " + groups);
        }
        List<VectorEnv<Object, Object>> opened = new ArrayList<>();
        try {
            for (int g = 0; g < groups; g++) {
                int size = total / groups + (g < total % groups ? 1 : 0);
                opened.add(
                        address == null
                                ? makeVector(target, size)
                                : (VectorEnv<Object, Object>)
                                        connector(address).openVector(address.withNumEnvs(size)));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(VectorEnv::close);
            throw e;
        }
    }

    /** Whether {@code target} is a URL (an env on a server) rather than the id of one here. */
    public static boolean isRemote(String target) {
        return isUrl(target);
    }

    private static EnvConnector connector(EnvAddress address) {
        EnvConnector c = Holder.CONNECTORS.get(address.scheme());
        if (c == null) {
            throw EnvException.invalidArgument(
                    "no connector for scheme '"
                            + address.scheme()
                            + "://'"
                            + (address.scheme().equals("grpc")
                                            || address.scheme().equals("grpcs")
                                            || address.scheme().equals(EnvAddress.UNIX_SCHEME)
                                    ? ": put gymbridge-client-grpc on the class path"
                                    : "; known: " + Holder.CONNECTORS.keySet()));
        }
        return c;
    }
}
