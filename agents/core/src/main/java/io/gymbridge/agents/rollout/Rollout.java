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
 */
public final class Rollout implements AutoCloseable {
    private final VectorEnv<Object, Object> env;
    private final int n;
    private final AutoresetMode mode;
    private final MlpActorCritic.StepOut out = new MlpActorCritic.StepOut();
    private final double[] epRet;
    private final int[] epLen;
    private final boolean[] skipNext;
    private float[] obs = new float[0];
    private float[] obsBefore = new float[0];
    private float[] nextObs = new float[0];
    private float[] scratch = new float[0];
    private long envCalls;
    private long envNanos;
    private long collectNanos;
    private boolean started;

    private Rollout(VectorEnv<Object, Object> env) {
        this.env = env;
        this.n = env.numEnvs();
        this.mode = env.autoresetMode();
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
        return new Rollout(Envs.makeVector(target, numEnvs));
    }

    /** Collects from a vector env made elsewhere (any autoreset mode); the rollout closes it. */
    @SuppressWarnings("unchecked")
    public static Rollout of(VectorEnv<?, ?> env) {
        return new Rollout((VectorEnv<Object, Object>) env);
    }

    /** The number of envs stepped together. */
    public int numEnvs() {
        return n;
    }

    /** The observation space of one env. */
    public Space<?> observationSpace() {
        return env.singleObservationSpace();
    }

    /** The action space of one env. */
    public Space<?> actionSpace() {
        return env.singleActionSpace();
    }

    /** The envs' spec. */
    public EnvSpec spec() {
        return env.spec();
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
        SpaceCodec.Act actCodec = ac.actCodec();
        int obsSize = obsCodec.size();
        int actSize = actCodec.storedSize();
        if (obs.length != n * obsSize) {
            obs = new float[n * obsSize];
            obsBefore = new float[n * obsSize];
            nextObs = new float[n * obsSize];
            scratch = new float[n * obsSize];
        }
        long collectStart = System.nanoTime();
        if (!started) {
            long t0 = System.nanoTime();
            VectorReset<Object> first = env.reset(firstResetSeed, Map.of(), null);
            countEnvCall(t0);
            obsCodec.encodeBatch(first.observations(), n, obs);
            started = true;
        }
        logger.startEpoch();
        while (!buf.isFull()) {
            // a ~ pi(.|s), V(s) and log pi(a|s) for every env, in one batched pass
            ac.step(obs, n, rng, out);
            System.arraycopy(obs, 0, obsBefore, 0, obs.length);
            Object actions = actCodec.batch(out.act, n);
            long t0 = System.nanoTime();
            VectorStep<Object> s = env.step(actions);
            countEnvCall(t0);
            obsCodec.encodeBatch(s.observations(), n, obs);
            boolean[] resetMask = null;
            for (int i = 0; i < n; i++) {
                if (skipNext[i]) {
                    // NEXT_STEP autoreset: this step only reset env i; its action was ignored
                    skipNext[i] = false;
                    continue;
                }
                // Once the epoch's steps are stored, the rest of this batch is not learned from,
                // but its episodes go on: their returns and ends still count.
                boolean stored = !buf.isFull();
                double r = s.rewards()[i];
                if (stored) {
                    buf.store(
                            i,
                            obsBefore,
                            i * obsSize,
                            out.act,
                            i * actSize,
                            r,
                            out.v[i],
                            out.logp[i]);
                    logger.store("VVals", out.v[i]);
                }
                epRet[i] += r;
                epLen[i]++;
                boolean terminated = s.terminated()[i];
                boolean truncated = s.truncated()[i];
                boolean timeout = epLen[i] == maxEpLen;
                if (terminated || truncated || timeout) {
                    if (stored) {
                        // bootstrap V(s_last) if the episode was truncated; 0 if it terminated
                        double lastVal =
                                terminated ? 0 : ac.value(finalObservation(s, i, obsCodec), 0);
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
                        resetMask = resetMask == null ? new boolean[n] : resetMask;
                        resetMask[i] = true;
                    }
                } else if (stored) {
                    System.arraycopy(obs, i * obsSize, nextObs, i * obsSize, obsSize);
                }
            }
            if (resetMask != null) {
                resetMasked(resetMask, obsCodec);
            }
            logger.progress(epoch, epochs, buf.size(), buf.capacity());
        }
        collectNanos += System.nanoTime() - collectStart;
        // The epoch ended mid-episode: bootstrap V(s) of the state after each path's last step.
        int cut = 0;
        int minLen = Integer.MAX_VALUE;
        int maxLen = 0;
        for (int i = 0; i < n; i++) {
            if (buf.pathLength(i) > 0) {
                buf.finishPath(i, ac.value(nextObs, i * obsSize));
                cut++;
                minLen = Math.min(minLen, epLen[i]);
                maxLen = Math.max(maxLen, epLen[i]);
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

    private void countEnvCall(long start) {
        envNanos += System.nanoTime() - start;
        envCalls++;
    }

    /**
     * A one-line account of where collection time went, e.g. {@code "Env: 25050 calls, 6.1 s of 9.8
     * s collecting"}: the calls to the vector env (the bridge's part, for a remote env) and all of
     * data collection.
     */
    public String timeSummary() {
        return String.format(
                "Env: %d calls, %.1f s of %.1f s collecting (%d envs per call)",
                envCalls, envNanos / 1e9, collectNanos / 1e9, n);
    }

    /** The observation that ended env i's episode, encoded into scratch. */
    private float[] finalObservation(VectorStep<Object> s, int i, SpaceCodec.Obs codec) {
        if (mode == AutoresetMode.SAME_STEP) {
            // the step already reset env i; the last observation is in its info
            Object last = s.infos().get(i).get("final_obs");
            codec.encode(last, scratch, 0);
        } else {
            System.arraycopy(obs, i * codec.size(), scratch, 0, codec.size());
        }
        return scratch;
    }

    private void resetMasked(boolean[] mask, SpaceCodec.Obs codec) {
        long t0 = System.nanoTime();
        VectorReset<Object> r = env.reset(null, Map.of(), mask);
        countEnvCall(t0);
        codec.encodeBatch(r.observations(), n, scratch);
        int size = codec.size();
        for (int i = 0; i < n; i++) {
            if (mask[i]) {
                System.arraycopy(scratch, i * size, obs, i * size, size);
                skipNext[i] = false;
            }
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
