package io.gymbridge.agents;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.SyncVectorEnv;
import io.gymbridge.env.vector.VectorEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where and how one training run happens; the parts of a run that are not hyperparameters.
 *
 * @param env what {@link Envs#make} opens: an id ({@code CartPole-v1}) or a URL ({@code
 *     grpc://host:port/CartPole-v1}); Spinning Up's {@code env_name}. With {@code envFn} it only
 *     names the env in config.json and checkpoints.
 * @param expName the experiment name, written to config.json for the plotter's legend
 * @param outputDir the run directory: progress.txt, config.json, checkpoints
 * @param engine the DJL engine name, {@code MXNet} or {@code PyTorch}
 * @param resume continue from the last checkpoint in outputDir instead of starting afresh
 * @param progress whether to show a live progress display on the terminal
 * @param envFn makes a new env each call, as Spinning Up's {@code env_fn} (a wrapped env, say);
 *     null to open {@code env} by id or URL
 */
public record RunContext(
        String env,
        String expName,
        Path outputDir,
        String engine,
        boolean resume,
        boolean progress,
        Supplier<? extends Env<?, ?>> envFn) {

    /** A run whose envs are opened from {@code env}, an id or a URL. */
    public RunContext(
            String env,
            String expName,
            Path outputDir,
            String engine,
            boolean resume,
            boolean progress) {
        this(env, expName, outputDir, engine, resume, progress, null);
    }

    /** This run with its envs made by {@code envFn}; {@code env} then only names them. */
    public RunContext withEnvFn(Supplier<? extends Env<?, ?>> newEnvFn) {
        return new RunContext(env, expName, outputDir, engine, resume, progress, newEnvFn);
    }

    /** A new env: from {@code envFn}, or opened from {@code env}. */
    @SuppressWarnings("unchecked")
    public Env<Object, Object> makeEnv() {
        return envFn != null ? (Env<Object, Object>) envFn.get() : Envs.make(env);
    }

    /**
     * {@code numEnvs} envs as {@code groups} vector envs stepped in turn ({@link
     * Envs#makeVectorGroups}): in this process from {@code envFn}, or one session per group from
     * {@code env}'s URL.
     */
    @SuppressWarnings("unchecked")
    public List<VectorEnv<Object, Object>> makeVectorEnvGroups(int numEnvs, int groups) {
        if (envFn == null) {
            return Envs.makeVectorGroups(env, numEnvs, groups);
        }
        List<VectorEnv<Object, Object>> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int size = numEnvs / groups + (g < numEnvs % groups ? 1 : 0);
            out.add(
                    (VectorEnv<Object, Object>)
                            (VectorEnv<?, ?>)
                                    SyncVectorEnv.create(envFn, size, AutoresetMode.NEXT_STEP));
        }
        return out;
    }

    /** Whether the env runs on a server (its target is a URL), not in this process. */
    public boolean remoteEnv() {
        return envFn == null && Envs.isRemote(env);
    }

    /**
     * {@code numEnvs} envs stepped together: from {@code envFn} in this process (NEXT_STEP
     * autoreset, as {@link Envs#makeVector}), or one vector env opened from {@code env} (a URL
     * gives one remote session of all of them).
     */
    @SuppressWarnings("unchecked")
    public VectorEnv<Object, Object> makeVectorEnv(int numEnvs) {
        if (envFn == null) {
            return Envs.makeVector(env, numEnvs);
        }
        return (VectorEnv<Object, Object>)
                (VectorEnv<?, ?>) SyncVectorEnv.create(envFn, numEnvs, AutoresetMode.NEXT_STEP);
    }
}
