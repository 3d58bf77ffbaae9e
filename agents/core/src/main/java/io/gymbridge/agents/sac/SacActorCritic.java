package io.gymbridge.agents.sac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.ActionScale;
import io.gymbridge.agents.common.Checkpointed;
import io.gymbridge.agents.common.FastMlp;
import io.gymbridge.agents.common.FastPolicy;
import io.gymbridge.agents.common.Mlp;
import io.gymbridge.agents.common.PolicyExport;
import io.gymbridge.agents.common.Rng;
import io.gymbridge.agents.common.SpaceCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SAC's actor-critic: a squashed Gaussian policy {@code a = tanh(mu(s) + std(s) eps)} in normalised
 * units [-1, 1], and two critics Q1, Q2 with target copies (the policy has no target).
 *
 * <p>The policy MLP outputs {@code [mu, log_std]} ({@code 2 d} values: Spinning Up's trunk with a
 * mu layer and a log_std layer, as one final layer); {@code log_std} is clamped to [-20, 2]. A
 * checkpoint holds the five networks and the policy as {@code policy.json}.
 */
final class SacActorCritic implements AutoCloseable, Checkpointed {
    static final double LOG_STD_MIN = -20;
    static final double LOG_STD_MAX = 2;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    final int actDim;
    final Mlp pi;
    final Mlp q1;
    final Mlp q2;
    final Mlp q1Targ;
    final Mlp q2Targ;
    private final SpaceCodec.Obs obsCodec;
    private final ActionScale scale;

    SacActorCritic(
            NDManager manager,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            AcKwargs kwargs,
            Rng initRng) {
        this.obsCodec = obsCodec;
        this.scale = scale;
        int obsDim = obsCodec.size();
        this.actDim = scale.size();
        pi = new Mlp(manager, obsDim, 2 * actDim, kwargs, initRng, true);
        q1 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        q2 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        q1Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        q2Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        q1Targ.copyFrom(q1);
        q2Targ.copyFrom(q2);
    }

    /**
     * An action of the squashed Gaussian and its log-probability.
     *
     * @param action {@code tanh(u)} {@code [N, d]}
     * @param logp log pi(a|s) with the tanh correction {@code [N]}
     */
    record Sample(NDArray action, NDArray logp) {}

    /**
     * Samples the policy by reparameterisation, {@code u = mu + std eps}, from the policy MLP's
     * output {@code [N, 2d]} and standard normal noise {@code eps} {@code [N, d]}.
     */
    static Sample sample(NDArray piOut, NDArray eps, int actDim) {
        NDArray mu = piOut.get(":, 0:" + actDim);
        NDArray logStd = piOut.get(":, " + actDim + ":").clip(LOG_STD_MIN, LOG_STD_MAX);
        NDArray u = mu.add(logStd.exp().mul(eps));
        return new Sample(u.tanh(), logProb(u, mu, logStd));
    }

    /**
     * log pi(a|s) of {@code a = tanh(u)}, {@code u ~ N(mu, exp(logStd))}: the Gaussian's
     * log-density of u minus {@code sum log(1 - tanh(u)^2)}, computed stably as {@code 2 (log 2 - u
     * - softplus(-2u))} (the SAC paper's appendix C).
     */
    static NDArray logProb(NDArray u, NDArray mu, NDArray logStd) {
        NDArray z = u.sub(mu).div(logStd.exp());
        NDArray gaussian =
                z.square().mul(-0.5f).sub(logStd).sub((float) HALF_LOG_2PI).sum(new int[] {1});
        NDArray correction =
                Activation.softPlus(u.mul(-2f))
                        .add(u)
                        .neg()
                        .add((float) Math.log(2))
                        .mul(2f)
                        .sum(new int[] {1});
        return gaussian.sub(correction);
    }

    /**
     * The action for one observation in plain Java: {@code tanh(mu)} when deterministic, else
     * {@code tanh(mu + std eps)} with eps drawn from {@code rng}.
     */
    static void act(FastMlp actor, float[] obs, float[] out2d, float[] a, boolean det, Rng rng) {
        actor.forward(obs, 0, 1, out2d, 0);
        FastPolicy.squashedGaussian(out2d, a, det, rng);
    }

    /** Both critics' parameters, trained by one optimizer on loss_q1 + loss_q2. */
    List<Parameter> qParameters() {
        List<Parameter> out = new ArrayList<>(q1.parameters());
        out.addAll(q2.parameters());
        return out;
    }

    long[] parameterCounts() {
        return new long[] {pi.size(), q1.size() + q2.size()};
    }

    @Override
    public void save(Path dir) throws IOException {
        for (int i = 0; i < NAMES.size(); i++) {
            networks().get(i).save(dir.resolve(NAMES.get(i) + ".params"));
        }
        PolicyExport.write(
                dir.resolve("policy.json"),
                FastPolicy.squashed(
                        pi.toFast(), FastPolicy.Head.TANH_GAUSSIAN, obsCodec, scale, new Rng(0)));
    }

    @Override
    public void load(Path dir) throws IOException {
        for (int i = 0; i < NAMES.size(); i++) {
            networks().get(i).load(dir.resolve(NAMES.get(i) + ".params"));
        }
    }

    private static final List<String> NAMES = List.of("pi", "q1", "q2", "q1_targ", "q2_targ");

    private List<Mlp> networks() {
        return List.of(pi, q1, q2, q1Targ, q2Targ);
    }

    @Override
    public void close() {
        for (Mlp m : networks()) {
            m.close();
        }
    }
}
