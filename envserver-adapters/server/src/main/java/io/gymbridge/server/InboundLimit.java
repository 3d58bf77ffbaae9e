package io.gymbridge.server;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.wire.ProtoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The largest inbound message a server accepts, derived from the largest request it serves: a Step
 * of {@code max_num_envs} envs of its largest action, twice over for headroom, plus 1 MiB for the
 * rest of a request (ids, kwargs, options); never below gRPC's own default of 4 MiB. Anything
 * larger is refused by the transport with RESOURCE_EXHAUSTED before it is parsed.
 *
 * <p>An env's action size is that of a sampled action of the env made with its default kwargs,
 * encoded as the wire encodes it. Envs that cannot be made with their defaults (MJCF-v0 without a
 * model, MuJoCo without the library) are left out; an operator whose envs' actions grow with their
 * kwargs sets the limit instead ({@code serve --max-message-mb}).
 */
final class InboundLimit {
    private static final Logger log = Logger.getLogger(InboundLimit.class.getName());

    /**
     * gRPC's default inbound limit, the floor: Make and Reset requests carry kwargs and options.
     */
    static final int FLOOR_BYTES = 4 << 20;

    /** Room for the rest of a request besides its actions. */
    static final int HEADROOM_BYTES = 1 << 20;

    private InboundLimit() {}

    /** The limit, and what it came from, for the server's log and tests. */
    record Derived(int bytes, String largestEnv, int largestActionBytes) {}

    /**
     * The limit for serving {@code ids} (every id of {@code registry} if empty) with at most {@code
     * maxNumEnvs} envs a session.
     */
    static Derived derive(EnvRegistry registry, List<String> ids, int maxNumEnvs) {
        List<String> served = ids.isEmpty() ? registry.ids() : new ArrayList<>(ids);
        String largestEnv = null;
        int largest = 0;
        for (String id : served) {
            if (!registry.contains(id)) {
                continue;
            }
            int bytes;
            try (Env<Object, Object> env = registry.make(id, Map.of())) {
                bytes =
                        ProtoCodec.toValue(env.actionSpace().sample(new SplittableRandom(0)))
                                .getSerializedSize();
            } catch (RuntimeException | LinkageError e) {
                log.fine(() -> id + " left out of the inbound limit: " + e.getMessage());
                continue;
            }
            if (bytes > largest) {
                largest = bytes;
                largestEnv = id;
            }
        }
        long limit = 2L * maxNumEnvs * largest + HEADROOM_BYTES;
        int bytes = (int) Math.max(FLOOR_BYTES, Math.min(limit, Integer.MAX_VALUE / 2));
        return new Derived(bytes, largestEnv, largest);
    }
}
