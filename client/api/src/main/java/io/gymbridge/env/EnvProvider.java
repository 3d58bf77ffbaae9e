package io.gymbridge.env;

/**
 * Registers a family of envs. Implementations are found with {@link java.util.ServiceLoader} (list
 * them in {@code META-INF/services/io.gymbridge.env.EnvProvider}), so putting a jar on the class
 * path makes its env ids known to {@link Envs#make} and to the server.
 */
public interface EnvProvider {
    /** Registers this provider's envs. */
    void register(EnvRegistry registry);

    /**
     * What a server holding these envs advertises beside its protocol capabilities, e.g. {@code
     * mujoco:2.2.2}: the version of a simulator the envs need, if it is present. None by default.
     */
    default java.util.List<String> capabilities() {
        return java.util.List.of();
    }
}
