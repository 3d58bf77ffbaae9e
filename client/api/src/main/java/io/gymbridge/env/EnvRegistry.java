package io.gymbridge.env;

import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.SyncVectorEnv;
import io.gymbridge.env.wrappers.OrderEnforcing;
import io.gymbridge.env.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Env ids and how to make them, as Gymnasium's registry: {@link #register} an id with its spec and
 * factory, {@link #make} it by id with kwargs.
 *
 * <p>{@link #withProviders()} holds every env whose {@link EnvProvider} is on the class path (the
 * bundled classic-control envs, for one). Thread-safe.
 */
public final class EnvRegistry {
    private final Map<String, Registration> envs = new TreeMap<>();
    private final List<String> capabilities = new ArrayList<>();

    private record Registration(EnvSpec spec, EnvFactory factory) {}

    /** An empty registry. */
    public EnvRegistry() {}

    /** A registry holding the envs of every {@link EnvProvider} found by ServiceLoader. */
    public static EnvRegistry withProviders() {
        EnvRegistry registry = new EnvRegistry();
        for (EnvProvider p : ServiceLoader.load(EnvProvider.class)) {
            p.register(registry);
            registry.addCapabilities(p.capabilities());
        }
        return registry;
    }

    /** Adds what a server holding these envs advertises (see {@link EnvProvider#capabilities}). */
    public synchronized void addCapabilities(List<String> more) {
        for (String c : more) {
            if (!capabilities.contains(c)) {
                capabilities.add(c);
            }
        }
    }

    /** What the providers advertise, in order. */
    public synchronized List<String> capabilities() {
        return List.copyOf(capabilities);
    }

    /**
     * Registers an id.
     *
     * @throws IllegalArgumentException if the id is already registered
     */
    public synchronized void register(EnvSpec spec, EnvFactory factory) {
        if (envs.containsKey(spec.id())) {
            throw new IllegalArgumentException(spec.id() + " is already registered");
        }
        envs.put(spec.id(), new Registration(spec, factory));
    }

    /** The registered ids, sorted. */
    public synchronized List<String> ids() {
        return new ArrayList<>(envs.keySet());
    }

    /** True if {@code id} is registered. */
    public synchronized boolean contains(String id) {
        return envs.containsKey(id);
    }

    /**
     * The spec of {@code id}.
     *
     * @throws EnvException NOT_FOUND naming the closest known ids
     */
    public synchronized EnvSpec spec(String id) {
        return lookup(id).spec();
    }

    /**
     * Makes an env as {@code gymnasium.make(id, **kwargs)}: the env's factory gets the kwargs,
     * except {@code max_episode_steps} (overrides the spec's TimeLimit) and {@code render_mode};
     * the env comes wrapped in TimeLimit, if it has a step limit, and OrderEnforcing outermost.
     *
     * @throws EnvException NOT_FOUND for an unknown id, INVALID_ARGUMENT for bad kwargs, INTERNAL
     *     if the env's constructor fails otherwise
     */
    @SuppressWarnings("unchecked")
    public <O, A> Env<O, A> make(String id, Map<String, ?> kwargs) {
        Registration reg;
        synchronized (this) {
            reg = lookup(id);
        }
        Map<String, Object> own = new LinkedHashMap<>(kwargs);
        Object steps = own.remove("max_episode_steps");
        Object renderMode = own.remove("render_mode");
        if (renderMode != null && !"rgb_array".equals(renderMode)) {
            throw EnvException.invalidArgument(
                    id + " render_mode must be \"rgb_array\" or absent, got " + renderMode);
        }
        EnvSpec spec = reg.spec();
        if (steps != null) {
            long n =
                    new Kwargs(id, Map.of("max_episode_steps", steps))
                            .getLong("max_episode_steps", 0);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw EnvException.invalidArgument(
                        id + " max_episode_steps must be >= 1, got " + steps);
            }
            spec = spec.withMaxEpisodeSteps((int) n);
        }
        Env<Object, Object> env;
        try {
            env = (Env<Object, Object>) reg.factory().create(spec, own, (String) renderMode);
        } catch (EnvException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw EnvException.invalidArgument(id + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new EnvException(
                    EnvException.Code.INTERNAL, id + " failed to construct: " + e, e);
        }
        // OrderEnforcing goes outside TimeLimit so that it sees the truncation too.
        Env<Object, Object> limited =
                spec.maxEpisodeSteps().isPresent()
                        ? new TimeLimit<>(env, spec.maxEpisodeSteps().getAsInt())
                        : env;
        return (Env<O, A>) new OrderEnforcing<>(limited);
    }

    /** Makes {@code numEnvs} copies of an env stepped together in this thread. */
    public SyncVectorEnv makeVector(
            String id, Map<String, ?> kwargs, int numEnvs, AutoresetMode mode) {
        spec(id); // NOT_FOUND before making anything
        return SyncVectorEnv.create(() -> make(id, kwargs), numEnvs, mode);
    }

    private Registration lookup(String id) {
        Registration reg = envs.get(id);
        if (reg == null) {
            List<String> close = closest(id, 3);
            throw EnvException.notFound(
                    "no env with id '"
                            + id
                            + "'"
                            + (close.isEmpty()
                                    ? "; known ids: " + envs.keySet()
                                    : "; did you mean " + String.join(", ", close) + "?"));
        }
        return reg;
    }

    /** The known ids nearest to {@code id} by edit distance (case-insensitive), nearest first. */
    public synchronized List<String> closest(String id, int max) {
        String key = id.toLowerCase(Locale.ROOT);
        return envs.keySet().stream()
                .map(k -> Map.entry(k, distance(key, k.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= Math.max(3, key.length() / 2))
                .sorted(
                        Map.Entry.<String, Integer>comparingByValue()
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
