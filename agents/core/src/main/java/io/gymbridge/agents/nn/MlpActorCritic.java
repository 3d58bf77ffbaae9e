package io.gymbridge.agents.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.checkpoints.PolicyExport;
import io.gymbridge.agents.distributions.Categorical;
import io.gymbridge.agents.distributions.DiagGaussian;
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.spaces.Space;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Spinning Up's {@code MLPActorCritic} on DJL: a policy pi(a|s) and a value function V(s), each an
 * MLP with the hidden sizes and activation of {@link AcKwargs}.
 *
 * <p>The policy is categorical (the MLP outputs logits) for Discrete actions, and diagonal Gaussian
 * for a 1-D Box (the MLP outputs the mean; {@code log_std} is a state-independent parameter
 * initialised to -0.5). The value MLP has one output. Weights start as PyTorch's default {@code
 * nn.Linear} initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from a seeded {@link Rng}.
 *
 * <p>Two forward paths: the DJL one ({@link #pi}, {@link #v}) for training, with gradients, and a
 * copy of the weights in plain Java ({@link FastMlp}) for acting one env step at a time ({@link
 * #step}); {@link #refreshActingCopy} copies the weights over after every update.
 *
 * <p>Algorithms extend this class with their losses (PpoActorCritic, VpgActorCritic,
 * TrpoActorCritic).
 */
public class MlpActorCritic implements AutoCloseable, Checkpointed {
    private final NDManager manager;
    private final SpaceCodec.Obs obsCodec;
    private final SpaceCodec.Act actCodec;
    private final AcKwargs acKwargs;
    private final Net net;
    private final ParameterStore parameterStore;
    private FastMlp piFast;
    private FastMlp vFast;
    private float[] logStdFast;

    /**
     * Builds and initialises the networks for an env's spaces.
     *
     * @param manager the engine's manager that owns the parameters
     * @param algo the algorithm's name, for errors about spaces it cannot handle
     * @param initRng the generator of the initial weights
     * @throws IllegalArgumentException if the spaces are not ones the policy handles
     */
    public MlpActorCritic(
            NDManager manager,
            Space<?> observationSpace,
            Space<?> actionSpace,
            AcKwargs acKwargs,
            String algo,
            Rng initRng) {
        this.manager = manager;
        this.obsCodec = SpaceCodec.observation(observationSpace, algo);
        this.actCodec = SpaceCodec.action(actionSpace, algo);
        this.acKwargs = acKwargs;
        this.net = buildNet(obsCodec, actCodec, acKwargs);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, obsCodec.size()));
        initialise(initRng);
        for (Parameter p : allParameters()) {
            p.getArray().setRequiresGradient(true);
        }
        this.parameterStore = new ParameterStore(manager, false);
        refreshActingCopy();
    }

    private static Net buildNet(SpaceCodec.Obs obs, SpaceCodec.Act act, AcKwargs kwargs) {
        return new Net(
                mlp(kwargs, act.outputSize()),
                mlp(kwargs, 1),
                act instanceof SpaceCodec.BoxAct ? act.outputSize() : 0);
    }

    /** Spinning Up's {@code mlp}: Linear layers with the activation between them, none after. */
    private static SequentialBlock mlp(AcKwargs kwargs, int outputs) {
        SequentialBlock block = new SequentialBlock();
        ActivationFn activation = kwargs.activationFn();
        for (int h : kwargs.hiddenSizes()) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(activation.block());
        }
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
    }

    private void initialise(Rng rng) {
        for (SequentialBlock mlp : List.of(net.pi, net.v)) {
            for (Linear layer : linears(mlp)) {
                NDArray w = layer.getParameters().get("weight").getArray();
                NDArray b = layer.getParameters().get("bias").getArray();
                long fanIn = w.getShape().get(1);
                double bound = 1.0 / Math.sqrt(fanIn);
                HostArrays.set(w, uniform(rng, (int) w.size(), bound));
                HostArrays.set(b, uniform(rng, (int) b.size(), bound));
            }
        }
        if (net.logStd != null) {
            float[] init = new float[(int) net.logStd.getArray().size()];
            java.util.Arrays.fill(init, -0.5f);
            HostArrays.set(net.logStd.getArray(), init);
        }
    }

    private static float[] uniform(Rng rng, int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    private static List<Linear> linears(SequentialBlock mlp) {
        List<Linear> out = new ArrayList<>();
        for (Block b : mlp.getChildren().values()) {
            if (b instanceof Linear l) {
                out.add(l);
            }
        }
        return out;
    }

    // ---- training: the DJL forward passes ----

    /** The policy's distributions for a batch of encoded observations {@code [T, obsSize]}. */
    public Distribution pi(NDArray obs) {
        NDArray out = piOutput(obs);
        return net.logStd == null ? new Categorical(out) : new DiagGaussian(out, logStd());
    }

    /** The policy MLP's output for a batch: logits or Gaussian means {@code [T, outputSize]}. */
    public NDArray piOutput(NDArray obs) {
        return net.pi.forward(parameterStore, new NDList(obs), true).singletonOrThrow();
    }

    /** V(s) for a batch of encoded observations, {@code [T]}. */
    public NDArray v(NDArray obs) {
        NDArray out = net.v.forward(parameterStore, new NDList(obs), true).singletonOrThrow();
        return out.reshape(out.getShape().get(0));
    }

    /** The Gaussian policy's {@code log_std} {@code [d]}, or null for a categorical policy. */
    public NDArray logStd() {
        return net.logStd == null ? null : net.logStd.getArray();
    }

    /** The policy's parameters (the MLP's, then {@code log_std}), in a fixed order. */
    public List<Parameter> piParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Linear l : linears(net.pi)) {
            out.add(l.getParameters().get("weight"));
            out.add(l.getParameters().get("bias"));
        }
        if (net.logStd != null) {
            out.add(net.logStd);
        }
        return out;
    }

    /** The value function's parameters, in a fixed order. */
    public List<Parameter> vParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Linear l : linears(net.v)) {
            out.add(l.getParameters().get("weight"));
            out.add(l.getParameters().get("bias"));
        }
        return out;
    }

    private List<Parameter> allParameters() {
        List<Parameter> all = new ArrayList<>(piParameters());
        all.addAll(vParameters());
        return all;
    }

    /** The policy MLP's layers as (weight {@code [out, in]}, bias {@code [out]}) pairs. */
    protected List<NDArray[]> piLayers() {
        List<NDArray[]> out = new ArrayList<>();
        for (Linear l : linears(net.pi)) {
            out.add(
                    new NDArray[] {
                        l.getParameters().get("weight").getArray(),
                        l.getParameters().get("bias").getArray()
                    });
        }
        return out;
    }

    /** The hidden-layer activation. */
    public ActivationFn activation() {
        return acKwargs.activationFn();
    }

    /** The number of parameters of pi and of v, as Spinning Up's {@code count_vars} logs them. */
    public long[] parameterCounts() {
        long pi = 0;
        for (Parameter p : piParameters()) {
            pi += p.getArray().size();
        }
        long v = 0;
        for (Parameter p : vParameters()) {
            v += p.getArray().size();
        }
        return new long[] {pi, v};
    }

    /** The observation encoding. */
    public SpaceCodec.Obs obsCodec() {
        return obsCodec;
    }

    /** The action encoding. */
    public SpaceCodec.Act actCodec() {
        return actCodec;
    }

    /** The manager that owns the parameters. */
    public NDManager manager() {
        return manager;
    }

    /**
     * One epoch's data as NDArrays in {@code m}, built once per epoch: observations {@code [T,
     * obsSize]}, actions (one-hot {@code [T, n]} for a categorical policy, {@code [T, d]} for a
     * Gaussian one), returns, advantages and old log-probabilities {@code [T]}.
     */
    public Batch batch(NDManager m, GaeBuffer.Data data) {
        int t = data.size();
        NDArray actions;
        if (actCodec instanceof SpaceCodec.DiscreteAct d) {
            float[] oneHot = new float[t * d.n()];
            for (int i = 0; i < t; i++) {
                oneHot[i * d.n() + (int) data.act()[i]] = 1f;
            }
            actions = HostArrays.create(m, oneHot, new Shape(t, d.n()));
        } else {
            actions = HostArrays.create(m, data.act(), new Shape(t, actCodec.storedSize()));
        }
        return new Batch(
                HostArrays.create(m, data.obs(), new Shape(t, obsCodec.size())),
                actions,
                HostArrays.create(m, data.ret(), new Shape(t)),
                HostArrays.create(m, data.adv(), new Shape(t)),
                HostArrays.create(m, data.logp(), new Shape(t)),
                t);
    }

    /**
     * One epoch of experience as NDArrays (see {@link MlpActorCritic#batch}).
     *
     * @param obs encoded observations {@code [T, obsSize]}
     * @param act encoded actions
     * @param ret rewards-to-go {@code [T]}
     * @param adv normalised advantages {@code [T]}
     * @param logp log pi_old(a|s) {@code [T]}
     * @param size T
     */
    public record Batch(NDArray obs, NDArray act, NDArray ret, NDArray adv, NDArray logp, int size)
            implements AutoCloseable {
        @Override
        public void close() {
            for (NDArray a : List.of(obs, act, ret, adv, logp)) {
                a.close();
            }
        }
    }

    // ---- acting: the fast path ----

    /**
     * Copies the current weights into the plain-Java networks used for acting: after every update,
     * and after a checkpoint is loaded.
     */
    public final void refreshActingCopy() {
        piFast = toFast(net.pi);
        vFast = toFast(net.v);
        logStdFast = net.logStd == null ? null : net.logStd.getArray().toFloatArray();
    }

    private FastMlp toFast(SequentialBlock mlp) {
        List<NDArray> weights = new ArrayList<>();
        List<NDArray> biases = new ArrayList<>();
        for (Linear layer : linears(mlp)) {
            weights.add(layer.getParameters().get("weight").getArray());
            biases.add(layer.getParameters().get("bias").getArray());
        }
        return FastMlp.of(obsCodec.size(), weights, biases, acKwargs.activationFn());
    }

    /** The plain-Java policy of the current weights, for {@link FastPolicy} and exports. */
    public FastPolicy fastPolicy(Rng rng) {
        return new FastPolicy(piFast, logStdFast, obsCodec, actCodec, rng);
    }

    /**
     * Spinning Up's {@code ac.step}: for n encoded observations (rows of {@code obs}), samples an
     * action from pi(.|s) and gives V(s) and log pi(a|s), all in plain Java.
     */
    public void step(float[] obs, int n, Rng rng, StepOut out) {
        out.ensure(n, actCodec.outputSize(), actCodec.storedSize());
        vFast.forward(obs, 0, n, out.v, 0);
        piFast.forward(obs, 0, n, out.piOut, 0);
        int k = actCodec.outputSize();
        for (int i = 0; i < n; i++) {
            out.logp[i] =
                    logStdFast == null
                            ? FastPolicy.sampleCategorical(out.piOut, i * k, k, rng, out.act, i)
                            : FastPolicy.sampleGaussian(
                                    out.piOut, i * k, logStdFast, rng, out.act, i * k);
        }
    }

    /** V(s) of one encoded observation at {@code obs[offset...]}, in plain Java. */
    public float value(float[] obs, int offset) {
        float[] out = new float[1];
        vFast.forward(obs, offset, 1, out, 0);
        return out[0];
    }

    /** What {@link #step} returns for a batch of n observations; reused between calls. */
    public static final class StepOut {
        /** The sampled actions, as stored in the buffer ({@code [n][storedSize]}). */
        public float[] act = new float[0];

        /** V(s) of each observation. */
        public float[] v = new float[0];

        /** log pi(a|s) of each sampled action. */
        public float[] logp = new float[0];

        float[] piOut = new float[0];

        void ensure(int n, int outputSize, int storedSize) {
            if (v.length < n) {
                act = new float[n * storedSize];
                v = new float[n];
                logp = new float[n];
                piOut = new float[n * outputSize];
            }
        }
    }

    // ---- saving ----

    /**
     * Saves the parameters ({@code model.params}, DJL's {@code Block.saveParameters} format) and
     * the plain-Java policy ({@code policy.json}) into {@code dir}.
     */
    @Override
    public void save(Path dir) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(Files.newOutputStream(dir.resolve("model.params")))) {
            net.saveParameters(out);
        }
        PolicyExport.write(dir.resolve("policy.json"), fastPolicy(new Rng(0)));
    }

    /**
     * Loads the parameters saved by {@link #save} into this actor-critic (same spaces and
     * ac_kwargs), keeping its parameter arrays, so optimizers built on them stay valid.
     *
     * @throws IllegalArgumentException if the file does not fit this network
     */
    @Override
    public void load(Path dir) throws IOException {
        Net loaded = buildNet(obsCodec, actCodec, acKwargs);
        try (NDManager tmp = manager.newSubManager();
                DataInputStream in =
                        new DataInputStream(Files.newInputStream(dir.resolve("model.params")))) {
            loaded.initialize(tmp, DataType.FLOAT32, new Shape(1, obsCodec.size()));
            loaded.loadParameters(tmp, in);
            List<Parameter> from = new ArrayList<>();
            for (SequentialBlock mlp : List.of(loaded.pi, loaded.v)) {
                for (Linear l : linears(mlp)) {
                    from.add(l.getParameters().get("weight"));
                    from.add(l.getParameters().get("bias"));
                }
            }
            if (loaded.logStd != null) {
                from.add(from.size() - linears(loaded.v).size() * 2, loaded.logStd);
            }
            List<Parameter> to = allParameters();
            for (int i = 0; i < to.size(); i++) {
                NDArray src = from.get(i).getArray();
                NDArray dst = to.get(i).getArray();
                if (!src.getShape().equals(dst.getShape())) {
                    throw new IllegalArgumentException(
                            "checkpoint "
                                    + dir
                                    + " has "
                                    + to.get(i).getName()
                                    + " of shape "
                                    + src.getShape()
                                    + ", this network "
                                    + dst.getShape()
                                    + ": were ac_kwargs or the env changed?");
                }
                HostArrays.set(dst, src.toFloatArray());
            }
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(
                    "checkpoint "
                            + dir
                            + " does not fit this network (were ac_kwargs or the env changed?): "
                            + e.getMessage(),
                    e);
        }
        refreshActingCopy();
    }

    @Override
    public void close() {
        for (Parameter p : allParameters()) {
            p.close();
        }
    }

    /**
     * The DJL block holding both networks and {@code log_std}: what {@code saveParameters} writes.
     * Its own forward pass is the policy's.
     */
    private static final class Net extends AbstractBlock {
        final SequentialBlock pi;
        final SequentialBlock v;
        final Parameter logStd;

        Net(SequentialBlock pi, SequentialBlock v, int gaussianDim) {
            super((byte) 1);
            this.pi = addChildBlock("pi", pi);
            this.v = addChildBlock("v", v);
            this.logStd =
                    gaussianDim == 0
                            ? null
                            : addParameter(
                                    Parameter.builder()
                                            .setName("log_std")
                                            .setType(Parameter.Type.OTHER)
                                            .optShape(new Shape(gaussianDim))
                                            .optInitializer(new ConstantInitializer(-0.5f))
                                            .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            return pi.forward(ps, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return pi.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            pi.initialize(manager, dataType, inputShapes);
            v.initialize(manager, dataType, inputShapes);
        }
    }
}
