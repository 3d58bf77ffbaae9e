package io.gymbridge.agents.djl;

import ai.djl.engine.Engine;
import java.util.List;
import java.util.Locale;

/** The DJL engines a run may use, by the names DJL gives them. */
public final class Engines {
    private Engines() {}

    /** The supported engine names. */
    public static final List<String> NAMES = List.of("MXNet", "PyTorch");

    /**
     * The engine called {@code name} ({@code MXNet} or {@code PyTorch}, in any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Engine get(String name) {
        return Engine.getEngine(canonicalName(name));
    }

    /**
     * DJL's spelling of an engine name given in any case.
     *
     * @throws IllegalArgumentException naming the choices, for an unknown name
     */
    public static String canonicalName(String name) {
        if (name != null) {
            for (String known : NAMES) {
                if (known.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return known;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown engine '" + name + "': choose " + String.join(" or ", NAMES));
    }
}
