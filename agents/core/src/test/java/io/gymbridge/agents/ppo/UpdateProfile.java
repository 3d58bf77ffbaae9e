package io.gymbridge.agents.ppo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.DType;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of PPO's update steps on a 4000-step CartPole-shaped batch (not a test). */
public final class UpdateProfile {
    private UpdateProfile() {}

    /** Prints ms of CPU per policy step and per value step for each engine named in args. */
    public static void main(String[] args) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (String name : args) {
            Engine engine = Engine.getEngine(name);
            try (NDManager m = engine.newBaseManager()) {
                PpoActorCritic ac =
                        new PpoActorCritic(
                                m,
                                Box.of(-1, 1, DType.FLOAT32, 4),
                                new Discrete(2),
                                AcKwargs.DEFAULT,
                                new Rng(1));
                int t = Integer.getInteger("t", 4000);
                Rng rng = new Rng(2);
                float[] obs = new float[t * 4];
                float[] act = new float[t];
                float[] ret = new float[t];
                float[] adv = new float[t];
                float[] logp = new float[t];
                for (int i = 0; i < t; i++) {
                    for (int k = 0; k < 4; k++) {
                        obs[i * 4 + k] = (float) rng.nextGaussian();
                    }
                    act[i] = rng.nextInt(2);
                    ret[i] = (float) rng.nextGaussian() * 10;
                    adv[i] = (float) rng.nextGaussian();
                    logp[i] = (float) Math.log(0.5);
                }
                Adam pi = new Adam(ac.piParameters(), 3e-4);
                Adam vf = new Adam(ac.vParameters(), 1e-3);
                try (NDManager em = m.newSubManager();
                        MlpActorCritic.Batch data =
                                ac.batch(em, new GaeBuffer.Data(obs, act, ret, adv, logp, t))) {
                    for (int rep = 0; rep < 3; rep++) {
                        long c0 = bean.getCurrentThreadCpuTime();
                        long w0 = System.nanoTime();
                        for (int i = 0; i < 50; i++) {
                            try (NDScope s = new NDScope()) {
                                try (GradientCollector gc = engine.newGradientCollector()) {
                                    PpoActorCritic.LossPi l = ac.computeLossPi(data, 0.2);
                                    l.approxKl(data).getFloat();
                                    l.loss().getFloat();
                                    gc.backward(l.loss());
                                }
                                pi.step();
                                s.suppressNotUsedWarning();
                            }
                        }
                        long c1 = bean.getCurrentThreadCpuTime();
                        long w1 = System.nanoTime();
                        for (int i = 0; i < 50; i++) {
                            try (NDScope s = new NDScope()) {
                                try (GradientCollector gc = engine.newGradientCollector()) {
                                    NDArray l = ac.computeLossV(data);
                                    gc.backward(l);
                                }
                                vf.step();
                                s.suppressNotUsedWarning();
                            }
                        }
                        long c2 = bean.getCurrentThreadCpuTime();
                        long w2 = System.nanoTime();
                        System.out.printf(
                                "%s: pi step %.2f ms cpu (%.2f wall), v step %.2f ms cpu (%.2f wall)%n",
                                name,
                                (c1 - c0) / 50e6,
                                (w1 - w0) / 50e6,
                                (c2 - c1) / 50e6,
                                (w2 - w1) / 50e6);
                    }
                }
            }
        }
    }
}
