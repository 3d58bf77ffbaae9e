package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.equal;
import static io.gymbridge.conformance.Expect.isFalse;
import static io.gymbridge.conformance.Expect.isTrue;
import static io.gymbridge.conformance.Expect.notNull;
import static io.gymbridge.conformance.Expect.thrown;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The bodies of {@link EnvContract}'s cases on one env id, in the order of its table. */
final class EnvCases {
    private final EnvContract contract;
    private final String envId;

    EnvCases(EnvContract contract, String envId) {
        this.contract = contract;
        this.envId = envId;
    }

    private Env<Object, Object> open() {
        return open(Map.of());
    }

    private Env<Object, Object> open(Map<String, Object> kwargs) {
        return contract.open(envId, kwargs);
    }

    void resetWithSeed() {
        try (Env<Object, Object> env = open()) {
            Reset<Object> r = env.reset(7);
            isTrue(
                    env.observationSpace().contains(r.observation()),
                    () -> env.observationSpace().mismatch(r.observation()).orElse(""));
            notNull(r.info(), "info");
        }
    }

    void sameTrajectoryAsLocal() {
        if (!contract.hasReference(envId)) {
            throw new CaseSkipped(
                    "no reference env of "
                            + envId
                            + " here to compare with (the bundled envs are "
                            + EnvContract.BUNDLED_ENV_IDS
                            + "); reset_sameSeed_sameTrajectoryTwice still compares the server"
                            + " with itself");
        }
        List<Object> actions = randomActions(60);
        Trajectory here = Trajectory.record(open(), 42, actions);
        Trajectory local = Trajectory.record(contract.reference(envId), 42, actions);
        here.assertMatches(local, contract.observationTolerance());
        Trajectory.record(open(), 42, actions).assertMatches(here, 0); // same server, same math
    }

    void sameTrajectoryTwice() {
        List<Object> actions = randomActions(60);
        Trajectory first = Trajectory.record(open(), 42, actions);
        Trajectory.record(open(), 42, actions).assertMatches(first, 0);
    }

    void differentSeeds() {
        try (Env<Object, Object> env = open()) {
            Object a = env.reset(1).observation();
            Object b = env.reset(2).observation();
            isFalse(a.equals(b), "seeds 1 and 2 gave the same observation " + a);
        }
    }

    void stepBeforeReset() {
        try (Env<Object, Object> env = open()) {
            Object action = env.actionSpace().sample(new SplittableRandom(0));
            EnvException e = thrown(EnvException.class, () -> env.step(action), "step");
            equal(EnvException.Code.FAILED_PRECONDITION, e.code(), e.getMessage());
        }
    }

    void randomEpisode() {
        try (Env<Object, Object> env = open()) {
            int limit =
                    env.spec()
                            .maxEpisodeSteps()
                            .orElseThrow(
                                    () ->
                                            new CaseSkipped(
                                                    envId
                                                            + " has no max_episode_steps, so an"
                                                            + " episode of random actions need"
                                                            + " not end;"
                                                            + " step_maxEpisodeStepsKwarg_truncatesThere"
                                                            + " checks a time limit"));
            SplittableRandom rng = new SplittableRandom(3);
            env.reset(3);
            Step<Object> s;
            int steps = 0;
            do {
                s = env.step(env.actionSpace().sample(rng));
                steps++;
                Object obs = s.observation();
                isTrue(
                        env.observationSpace().contains(obs),
                        () -> env.observationSpace().mismatch(obs).orElse(""));
                isTrue(Double.isFinite(s.reward()), "finite reward, got " + s.reward());
                notNull(s.info(), "info");
            } while (!s.done());
            isTrue(steps <= limit, steps + " steps > limit " + limit);
            equal(
                    steps == limit && !s.terminated(),
                    s.truncated(),
                    "truncated exactly at the limit");
        }
    }

    void maxEpisodeStepsKwarg() {
        try (Env<Object, Object> env = open(Map.of("max_episode_steps", 5))) {
            equal(5, env.spec().maxEpisodeSteps().orElseThrow(), "spec().maxEpisodeSteps()");
            SplittableRandom rng = new SplittableRandom(5);
            env.reset(5);
            Step<Object> s;
            int steps = 0;
            do {
                s = env.step(env.actionSpace().sample(rng));
                steps++;
            } while (!s.done());
            isTrue(s.terminated() || (steps == 5 && s.truncated()), "ended at " + steps + " " + s);
        }
    }

    void stepAfterEpisodeEnd() {
        try (Env<Object, Object> env = open(Map.of("max_episode_steps", 3))) {
            SplittableRandom rng = new SplittableRandom(1);
            env.reset(1);
            Step<Object> s;
            do {
                s = env.step(env.actionSpace().sample(rng));
            } while (!s.done());
            Object action = env.actionSpace().sample(rng);
            EnvException e = thrown(EnvException.class, () -> env.step(action), "step after end");
            equal(EnvException.Code.FAILED_PRECONDITION, e.code(), e.getMessage());
            env.reset();
            env.step(action);
        }
    }

    void invalidActions() {
        try (Env<Object, Object> env = open()) {
            env.reset(0);
            List<Object> bad = new ArrayList<>();
            bad.add("left");
            Space<?> space = env.actionSpace();
            if (space instanceof Discrete d) {
                bad.add(d.start() + d.n());
                bad.add(d.start() - 1);
                bad.add(Tensor.of(1.0f));
            } else if (space instanceof Box b) {
                float[] nan = new float[b.size()];
                nan[0] = Float.NaN;
                bad.add(Tensor.of(DType.FLOAT32, b.shape(), nan));
                float[] inf = new float[b.size()];
                inf[0] = Float.POSITIVE_INFINITY;
                bad.add(Tensor.of(DType.FLOAT32, b.shape(), inf));
                bad.add(Tensor.of(new double[b.size()]));
                bad.add(Tensor.of(new float[b.size() + 1]));
            }
            for (Object action : bad) {
                EnvException e =
                        thrown(EnvException.class, () -> env.step(action), "action " + action);
                equal(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
            }
            Step<Object> s = env.step(env.actionSpace().sample(new SplittableRandom(0)));
            isTrue(
                    env.observationSpace().contains(s.observation()),
                    "observation of a valid step after the invalid ones is in the space");
        }
    }

    void boxActionClipped() {
        try (Env<Object, Object> env = open()) {
            Space<?> space = env.actionSpace();
            if (!(space instanceof Box b)) {
                return;
            }
            float[] big = new float[b.size()];
            float[] atHigh = new float[b.size()];
            for (int i = 0; i < big.length; i++) {
                big[i] = (float) (b.high(i) * 10);
                atHigh[i] = (float) b.high(i);
            }
            env.reset(9);
            Step<Object> outside = env.step(Tensor.of(DType.FLOAT32, b.shape(), big));
            env.reset(9);
            Step<Object> clipped = env.step(Tensor.of(DType.FLOAT32, b.shape(), atHigh));
            // Only the dynamics see the clipped action: MountainCarContinuous-v0 charges its
            // reward on the action as given, exactly as Gymnasium does.
            equal(clipped.observation(), outside.observation(), "observation");
        }
    }

    void negativeSeed() {
        try (Env<Object, Object> env = open()) {
            EnvException e = thrown(EnvException.class, () -> env.reset(-1), "reset(-1)");
            equal(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
            env.reset(1);
        }
    }

    void specMatchesRegistration() {
        try (Env<Object, Object> env = open()) {
            equal(envId, env.spec().id(), "spec().id()");
            if (!contract.hasReference(envId)) {
                throw new CaseSkipped(
                        "the spec's id is "
                                + envId
                                + "; no reference env of it here to compare max_episode_steps,"
                                + " reward_threshold and the spaces with");
            }
            try (Env<Object, Object> made = contract.reference(envId)) {
                EnvSpec local = contract.referenceSpec(envId);
                equal(local.maxEpisodeSteps(), env.spec().maxEpisodeSteps(), "max_episode_steps");
                equal(local.rewardThreshold(), env.spec().rewardThreshold(), "reward_threshold");
                equal(made.observationSpace(), env.observationSpace(), "observation space");
                equal(made.actionSpace(), env.actionSpace(), "action space");
            }
        }
    }

    void closeTwice() {
        Env<Object, Object> env = open();
        env.reset(0);
        env.close();
        env.close();
    }

    /** {@code n} actions sampled with seed 11 from the reference env's action space, else ours. */
    private List<Object> randomActions(int n) {
        try (Env<Object, Object> env =
                contract.hasReference(envId) ? contract.reference(envId) : open()) {
            SplittableRandom rng = new SplittableRandom(11);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(env.actionSpace().sample(rng));
            }
            return out;
        }
    }
}
