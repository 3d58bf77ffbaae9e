package io.gymbridge.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KwargsTest {

    private static EnvException invalid(org.junit.jupiter.api.function.Executable call) {
        EnvException e = assertThrows(EnvException.class, call);
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        return e;
    }

    @Test
    void getters_absentKwargs_giveDefaults() {
        Kwargs k = new Kwargs("Pendulum-v1", Map.of());

        assertEquals(10.0, k.getDouble("g", 10.0));
        assertEquals(3, k.getLong("n", 3));
        assertTrue(k.getBoolean("flag", true));
        assertEquals("x", k.getString("s", "x"));
        k.requireAllUsed();
    }

    @Test
    void getters_givenKwargs_convertCompatibleTypes() {
        Kwargs k =
                new Kwargs(
                        "E-v0",
                        Map.of("g", 9, "h", "2.5", "n", 7L, "m", "8", "b", "FALSE", "s", "on"));

        assertEquals(9.0, k.getDouble("g", 0));
        assertEquals(2.5, k.getDouble("h", 0));
        assertEquals(7, k.getLong("n", 0));
        assertEquals(8, k.getLong("m", 0));
        assertFalse(k.getBoolean("b", true));
        assertEquals("on", k.getString("s", ""));
        k.requireAllUsed();
    }

    @Test
    void getDouble_notANumber_namesEnvKwargAndValue() {
        Kwargs k = new Kwargs("Pendulum-v1", Map.of("g", true));
        EnvException e = invalid(() -> k.getDouble("g", 10));

        assertEquals("Pendulum-v1 kwarg 'g' must be a number, got Boolean true", e.description());
    }

    @Test
    void getLong_float_isInvalidArgument() {
        Kwargs k = new Kwargs("E-v0", Map.of("n", 1.5));
        EnvException e = invalid(() -> k.getLong("n", 0));

        assertTrue(
                e.getMessage().contains("'n' must be an integer, got Double 1.5"), e.getMessage());
    }

    @Test
    void getBoolean_otherText_isInvalidArgument() {
        Kwargs k = new Kwargs("E-v0", Map.of("b", "yes"));
        EnvException e = invalid(() -> k.getBoolean("b", false));

        assertTrue(e.getMessage().contains("'b' must be a boolean"), e.getMessage());
    }

    @Test
    void getString_number_isInvalidArgument() {
        Kwargs k = new Kwargs("E-v0", Map.of("s", 5L));
        EnvException e = invalid(() -> k.getString("s", ""));

        assertTrue(e.getMessage().contains("'s' must be a string, got Long 5"), e.getMessage());
    }

    @Test
    void requireAllUsed_unknownKwarg_namesItAndTheKnownOnes() {
        Kwargs k = new Kwargs("Pendulum-v1", Map.of("g", 9.8, "gravity", 9.8));
        k.getDouble("g", 10);
        EnvException e = invalid(k::requireAllUsed);

        assertEquals("Pendulum-v1 got unexpected kwarg [gravity]; it takes [g]", e.description());
    }

    @Test
    void requireAllUsed_envWithoutKwargs_saysItTakesNone() {
        Kwargs k = new Kwargs("CartPole-v1", Map.of("a", 1, "b", 2));
        EnvException e = invalid(k::requireAllUsed);

        assertEquals("CartPole-v1 got unexpected kwargs [a, b]; it takes none", e.description());
    }
}
