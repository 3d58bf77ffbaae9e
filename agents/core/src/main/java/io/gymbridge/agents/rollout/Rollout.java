package io.gymbridge.agents.rollout;

import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Envs;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorReset;
import io.gymbridge.env.vector.VectorStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The on-policy data collection of Spinning Up's VPG, TRPO and PPO, over num_envs envs stepped
 * together through one {@link VectorEnv} (one env call and one batched policy pass per step of all
 * envs), wherever the envs run.
 *
 * <p>Each epoch stores exactly {@code steps_per_epoch} steps, n at a time (the rest of the last
 * batch is not learned from). Episodes continue across epochs: unlike Spinning Up, which resets its
 * env after each epoch's cut-off, because with n envs each env sees only steps_per_epoch / n steps
 * of an epoch, and resetting would end every longer episode early and never log its return. The
 * rules that make the advantages right:
 *
 * <ul>
 *   <li>An episode that <em>terminated</em> bootstraps with 0: there is no future.
 *   <li>An episode <em>truncated</em> by the env's time limit, or by {@code max_ep_len}, bootstraps
 *       with V(s_last): the state had a future the episode did not see.
 *   <li>An episode cut off by the end of the epoch also bootstraps with V(s): the state after the
 *       last stored step.
 * </ul>
 *
 * <p>Whatever the vector env's autoreset mode: with NEXT_STEP (Gymnasium's default) the step after
 * an episode ends only resets that env and is not a transition, so it is skipped; with SAME_STEP
 * the last observation comes from the info's {@code final_obs}; with DISABLED ended envs are reset
 * with a reset mask. Only episodes that ended (terminated, truncated or at {@code max_ep_len})
 * count towards EpRet and EpLen.
 *
 * <p><b>Groups in flight.</b> The envs can be split into groups (one vector env each, for a remote
 * env one session each) that step in turn: while group g steps on its server ({@link
 * VectorEnv#stepAsync}), the learner stores group g-1's results and computes its next actions. The
 * results are the same as with one group, step for step: the policy does not change within an
 * epoch, the actions of each env are drawn in the same order (env 0 to n-1 at each step), steps are
 * stored in the same order, and a group's next step is sent only when the buffer will not be full
 * once the groups still in flight are stored, so the last step of an epoch is the same one (and the
 * next epoch's first actions come from the updated policy). The one thing that differs is the
 * number of env calls: one per group and step.
 */
public final class Rollout implements AutoCloseable {
    private final List<Group> groups;
    private final int n;
    private final AutoresetMode mode;
    private final double[] epRet;
    private final int[] epLen;
    private final boolean[] skipNext;
    private long envCalls;
    private long envNanos;
    private long collectNanos;
    private boolean started;

    /** One vector env of the rollout: envs {@code offset} to {@code offset + size - 1}. */
    private static final class Group {
        final VectorEnv<Object, Object> env;
        final int offset;
        final int size;
        final MlpActorCritic.StepOut out = new MlpActorCritic.StepOut();
        float[] obs = new float[0];
        float[] obsBefore = new float[0];
        float[] nextObs = new float[0];
        float[] scratch = new float[0];
        boolean inFlight;

        Group(VectorEnv<Object, Object> env, int offset) {
            this.env = env;
            this.offset = offset;
            this.size = env.numEnvs();
        }
    }

    private Rollout(List<VectorEnv<Object, Object>> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one vector env");
        }
        List<Group> gs = new ArrayList<>();
        int offset = 0;
        for (VectorEnv<Object, Object> e : envs) {
            gs.add(new Group(e, offset));
            offset += e.numEnvs();
        }
        this.groups = List.copyOf(gs);
        this.n = offset;
        this.mode = envs.get(0).autoresetMode();
        for (VectorEnv<Object, Object> e : envs) {
            if (e.autoresetMode() != mode) {
                throw new IllegalArgumentException(
                        "the groups of a rollout must share one autoreset mode, got "
                                + mode
                                + " and "
                                + e.autoresetMode());
            }
        }
        this.epRet = new double[n];
        this.epLen = new int[n];
        this.skipNext = new boolean[n];
    }

    /**
     * Opens {@code numEnvs} copies of {@code target} (an id or a URL) as one vector env.
     *
     * @throws io.gymbridge.env.EnvException if the env cannot be made
     */
    public static Rollout open(String target, int numEnvs) {
        return new Rollout(List.of(Envs.makeVector(target, numEnvs)));
    }

    /** Collects from a vector env made elsewhere (any autoreset mode); the rollout closes it. */
    @SuppressWarnings("unchecked")
    public static Rollout of(VectorEnv<?, ?> env) {
        return new Rollout(List.of((VectorEnv<Object, Object>) env));
    }

    /**
     * Collects from groups of envs stepped in turn, one in flight while the learner works on the
     * next (see the class comment); env j of group g is env {@code offset(g) + j} of the whole. The
     * rollout closes them.
     */
    public static Rollout ofGroups(List<VectorEnv<Object, Object>> groups) {
        return new Rollout(groups);
    }

    /** The number of envs stepped together, over all groups. */
    public int numEnvs() {
        return n;
    }

    /** The number of groups stepped in turn (1: all envs in one call). */
    public int numGroups() {
        return groups.size();
    }

    /** The observation space of one env. */
    public Space<?> observationSpace() {
        return groups.get(0).env.singleObservationSpace();
    }

    /** The action space of one env. */
    public Space<?> actionSpace() {
        return groups.get(0).env.singleActionSpace();
    }

    /** The envs' spec. */
    public EnvSpec spec() {
        return groups.get(0).env.spec();
    }

    /**
     * Fills {@code buf} with one epoch of experience from the policy of {@code ac}, storing VVals,
     * EpRet and EpLen in {@code logger}.
     *
     * @param firstResetSeed the seed of the envs' first reset, on the first call (env i gets
     *     firstResetSeed + i); later calls continue the episodes in progress
     * @param maxEpLen Spinning Up's {@code max_ep_len}: episodes longer than this are truncated
     * @throws io.gymbridge.env.EnvException if an env call fails
     */
    public void collect(
            int epoch,
            int epochs,
            long firstResetSeed,
            MlpActorCritic ac,
            Rng rng,
            GaeBuffer buf,
            int maxEpLen,
            EpochLogger logger) {
        SpaceCodec.Obs obsCodec = ac.obsCodec();
        int obsSize = obsCodec.size();
        for (Group g : groups) {
            if (g.obs.length != g.size * obsSize) {
                g.obs = new float[g.size * obsSize];
                g.obsBefore = new float[g.size * obsSize];
                g.nextObs = new float[g.size * obsSize];
                g.scratch = new float[g.size * obsSize];
            }
        }
        long collectStart = System.nanoTime();
        if (!started) {
            for (Group g : groups) {
                long t0 = System.nanoTime();
                VectorReset<Object> first = g.env.reset(firstResetSeed + g.offset, Map.of(), null);
                countEnvCall(t0);
                obsCodec.encodeBatch(first.observations(), g.size, g.obs);
            }
            started = true;
        }
        logger.startEpoch();
        // The first step of every group, in env order; then, group by group: wait for its step,
        // store it, and send its next one while the following groups' steps are still out.
        for (Group g : groups) {
            if (!buf.isFull()) {
                send(g, ac, rng);
            }
        }
        while (anyInFlight()) {
            for (int k = 0; k < groups.size(); k++) {
                Group g = groups.get(k);
                if (!g.inFlight) {
                    continue;
                }
                long t0 = System.nanoTime();
                VectorStep<Object> s = g.env.stepWait();
                countEnvCall(t0);
                g.inFlight = false;
                store(g, s, ac, buf, maxEpLen, logger);
                logger.progress(epoch, epochs, buf.size(), buf.capacity());
                // As with one vector env of all groups: another step only if the buffer is not
                // full once the groups still out are stored too.
                if (buf.size() + storesInFlight(k) < buf.capacity()) {
                    send(g, ac, rng);
                }
            }
        }
        collectNanos += System.nanoTime() - collectStart;
        // The epoch ended mid-episode: bootstrap V(s) of the state after each path's last step.
        int cut = 0;
        int minLen = Integer.MAX_VALUE;
        int maxLen = 0;
        for (Group g : groups) {
            for (int j = 0; j < g.size; j++) {
                int i = g.offset + j;
                if (buf.pathLength(i) > 0) {
                    buf.finishPath(i, ac.value(g.nextObs, j * obsSize));
                    cut++;
                    minLen = Math.min(minLen, epLen[i]);
                    maxLen = Math.max(maxLen, epLen[i]);
                }
            }
        }
        if (cut == 1) {
            logger.log("Warning: trajectory cut off by epoch at " + maxLen + " steps.");
        } else if (cut > 1) {
            logger.log(
                    "Warning: "
                            + cut
                            + " trajectories cut off by epoch at "
                            + minLen
                            + " to "
                            + maxLen
                            + " steps.");
        }
    }

    /** a ~ pi(.|s), V(s) and log pi(a|s) for every env of g in one pass, then g's step is sent. */
    private void send(Group g, MlpActorCritic ac, Rng rng) {
        ac.step(g.obs, g.size, rng, g.out);
        System.arraycopy(g.obs, 0, g.obsBefore, 0, g.obs.length);
        Object actions = ac.actCodec().batch(g.out.act, g.size);
        long t0 = System.nanoTime();
        g.env.stepAsync(actions);
        envNanos += System.nanoTime() - t0;
        g.inFlight = true;
    }

    private boolean anyInFlight() {
        for (Group g : groups) {
            if (g.inFlight) {
                return true;
            }
        }
        return false;
    }

    /** The steps the groups after group k that are in flight will store (not NEXT_STEP resets). */
    private int storesInFlight(int k) {
        int count = 0;
        for (int h = k + 1; h < groups.size(); h++) {
            Group g = groups.get(h);
            if (g.inFlight) {
                for (int j = 0; j < g.size; j++) {
                    count += skipNext[g.offset + j] ? 0 : 1;
                }
            }
        }
        return count;
    }

    /** Stores group g's step, ends its episodes and resets what needs a reset. */
    private void store(
            Group g,
            VectorStep<Object> s,
            MlpActorCritic ac,
            GaeBuffer buf,
            int maxEpLen,
            EpochLogger logger) {
        SpaceCodec.Obs obsCodec = ac.obsCodec();
        int obsSize = obsCodec.size();
        int actSize = ac.actCodec().storedSize();
        obsCodec.encodeBatch(s.observations(), g.size, g.obs);
        boolean[] resetMask = null;
        for (int j = 0; j < g.size; j++) {
            int i = g.offset + j;
            if (skipNext[i]) {
                // NEXT_STEP autoreset: this step only reset env i; its action was ignored
                skipNext[i] = false;
                continue;
            }
            // Once the epoch's steps are stored, the rest of this batch is not learned from,
            // but its episodes go on: their returns and ends still count.
            boolean stored = !buf.isFull();
            double r = s.rewards()[j];
            if (stored) {
                buf.store(
                        i,
                        g.obsBefore,
                        j * obsSize,
                        g.out.act,
                        j * actSize,
                        r,
                        g.out.v[j],
                        g.out.logp[j]);
                logger.store("VVals", g.out.v[j]);
            }
            epRet[i] += r;
            epLen[i]++;
            boolean terminated = s.terminated()[j];
            boolean truncated = s.truncated()[j];
            boolean timeout = epLen[i] == maxEpLen;
            if (terminated || truncated || timeout) {
                if (stored) {
                    // bootstrap V(s_last) if the episode was truncated; 0 if it terminated
                    double lastVal =
                            terminated ? 0 : ac.value(finalObservation(g, s, j, obsCodec), 0);
                    buf.finishPath(i, lastVal);
                }
                logger.store("EpRet", epRet[i]);
                logger.store("EpLen", epLen[i]);
                epRet[i] = 0;
                epLen[i] = 0;
                boolean envEnded = terminated || truncated;
                if (envEnded && mode == AutoresetMode.NEXT_STEP) {
                    skipNext[i] = true;
                } else if (!envEnded || mode == AutoresetMode.DISABLED) {
                    // our max_ep_len cut it, or the env does not reset itself: reset it now
                    resetMask = resetMask == null ? new boolean[g.size] : resetMask;
                    resetMask[j] = true;
                }
            } else if (stored) {
                System.arraycopy(g.obs, j * obsSize, g.nextObs, j * obsSize, obsSize);
            }
        }
        if (resetMask != null) {
            resetMasked(g, resetMask, obsCodec);
        }
    }

    private void countEnvCall(long start) {
        envNanos += System.nanoTime() - start;
        envCalls++;
    }

    /**
     * A one-line account of where collection time went, e.g. {@code "Env: 25050 calls, 6.1 s of 9.8
     * s collecting"}: the calls to the vector envs (the bridge's part, for a remote env: sending a
     * step and waiting for it) and all of data collection.
     */
    public String timeSummary() {
        return String.format(
                "Env: %d calls, %.1f s of %.1f s collecting (%d envs per call)",
                envCalls, envNanos / 1e9, collectNanos / 1e9, n / groups.size());
    }

    /** The observation that ended env j of g's episode, encoded into g's scratch. */
    private float[] finalObservation(Group g, VectorStep<Object> s, int j, SpaceCodec.Obs codec) {
        if (mode == AutoresetMode.SAME_STEP) {
            // the step already reset env j; the last observation is in its info
            Object last = s.infos().get(j).get("final_obs");
            codec.encode(last, g.scratch, 0);
        } else {
            System.arraycopy(g.obs, j * codec.size(), g.scratch, 0, codec.size());
        }
        return g.scratch;
    }

    private void resetMasked(Group g, boolean[] mask, SpaceCodec.Obs codec) {
        long t0 = System.nanoTime();
        VectorReset<Object> r = g.env.reset(null, Map.of(), mask);
        countEnvCall(t0);
        codec.encodeBatch(r.observations(), g.size, g.scratch);
        int size = codec.size();
        for (int j = 0; j < g.size; j++) {
            if (mask[j]) {
                System.arraycopy(g.scratch, j * size, g.obs, j * size, size);
                skipNext[g.offset + j] = false;
            }
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Group g : groups) {
            try {
                g.env.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
