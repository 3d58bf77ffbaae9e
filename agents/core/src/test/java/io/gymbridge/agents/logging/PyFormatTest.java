package io.gymbridge.agents.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python's number formats. */
class PyFormatTest {
    @Test
    void repr_matchesPython() {
        assertEquals("22.5", PyFormat.repr(22.5));
        assertEquals("4000.0", PyFormat.repr(4000));
        assertEquals("0.0003", PyFormat.repr(3e-4));
        assertEquals("0.0001", PyFormat.repr(1e-4));
        assertEquals("1e-05", PyFormat.repr(1e-5));
        assertEquals("-1.5e-07", PyFormat.repr(-1.5e-7));
        assertEquals("1e+16", PyFormat.repr(1e16));
        assertEquals("1234567890123456.0", PyFormat.repr(1234567890123456.0));
        assertEquals("0.1", PyFormat.repr(0.1));
        assertEquals("0.30000000000000004", PyFormat.repr(0.1 + 0.2));
        assertEquals("nan", PyFormat.repr(Double.NaN));
        assertEquals("-inf", PyFormat.repr(Double.NEGATIVE_INFINITY));
        assertEquals("0.0", PyFormat.repr(0));
    }

    @Test
    void g_matchesPercentEightPointThreeG() {
        assertEquals("     4.5", PyFormat.g(4.5));
        assertEquals("    2.87", PyFormat.g(2.8722813232690143));
        assertEquals("       9", PyFormat.g(9));
        assertEquals("   4e+03", PyFormat.g(4000));
        assertEquals("1.23e+04", PyFormat.g(12345));
        assertEquals("0.000123", PyFormat.g(0.000123456));
        assertEquals("1.23e-05", PyFormat.g(1.23456e-5));
        assertEquals("      10", PyFormat.g(9.996));
        assertEquals("    -0.5", PyFormat.g(-0.5));
        assertEquals("     nan", PyFormat.g(Double.NaN));
        assertEquals("     inf", PyFormat.g(Double.POSITIVE_INFINITY));
        assertEquals("     200", PyFormat.g(200));
    }
}
