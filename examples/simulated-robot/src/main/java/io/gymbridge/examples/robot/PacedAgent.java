package io.gymbridge.examples.robot;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Random;

/**
 * The smallest agent of a robot served env-paced: opens the arm by URL ({@code pacing=env}, with a
 * watchdog) and drives it with random torques, printing each episode's return. Each step waits for
 * the server's tick that applied its action, so it runs at the arm's 50 Hz. A learning agent does
 * the same through the same URL: {@code ./gymbridge run sac --env URL}.
 *
 * <p>Usage: {@code PacedAgent URL [EPISODES]} (0 or absent: until killed).
 */
public final class PacedAgent {
    private PacedAgent() {}

    public static void main(String[] args) {
        String url = args[0];
        int episodes = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Random random = new Random(0);
        try (Env<Object, Object> env = Envs.make(url)) {
            for (int ep = 0; episodes == 0 || ep < episodes; ep++) {
                env.reset((long) ep);
                double ret = 0;
                boolean done = false;
                int steps = 0;
                while (!done) {
                    Tensor torque =
                            Tensor.of(
                                    (float) (random.nextDouble() * 2 - 1),
                                    (float) (random.nextDouble() * 2 - 1));
                    Step<Object> s = env.step(torque);
                    ret += s.reward();
                    done = s.terminated() || s.truncated();
                    steps++;
                }
                System.out.println("episode " + ep + ": return " + ret + " in " + steps + " steps");
            }
        }
    }
}
