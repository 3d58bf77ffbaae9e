package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiteralsTest {

    @Test
    void parse_numbersBooleansAndNone() {
        assertEquals(0.2, Literals.parse("0.2"));
        assertEquals(4000, Literals.parse("4000"));
        assertEquals(-1, Literals.parse("-1"));
        assertEquals(300000, Literals.parse("3e5"));
        assertEquals(1e-3, Literals.parse("1e-3"));
        assertEquals(1.0, Literals.parse("1.0"));
        assertEquals(10_000_000_000L, Literals.parse("10000000000"));
        assertEquals(true, Literals.parse("true"));
        assertEquals(false, Literals.parse("False"));
        assertNull(Literals.parse("None"));
    }

    @Test
    void parse_listsTuplesAndDicts() {
        assertEquals(List.of(64, 64), Literals.parse("[64,64]"));
        assertEquals(List.of(64, 32), Literals.parse("(64, 32)"));
        assertEquals(List.of(32), Literals.parse("(32,)"));
        assertEquals(List.of(), Literals.parse("[]"));
        assertEquals(Arrays.asList(true, null), Literals.parse("[True, None]"));
        assertEquals(Map.of("a", 1, "b", "x"), Literals.parse("{'a': 1, b: \"x\"}"));
        assertEquals(List.of(List.of(1, 2), List.of(3)), Literals.parse("((1,2),(3,))"));
    }

    @Test
    void parse_whatIsNotALiteralStaysText() {
        assertEquals("CartPole-v1", Literals.parse("CartPole-v1"));
        assertEquals("tanh", Literals.parse("tanh"));
        assertEquals("[tanh, relu]", Literals.parse("[tanh, relu]"));
        assertEquals("grpc://h:1/X?a=1", Literals.parse("grpc://h:1/X?a=1"));
        assertEquals("quoted 1", Literals.parse("\"quoted 1\""));
        assertEquals("7", Literals.parse("'7'"));
        assertEquals("", Literals.parse(""));
    }

    @Test
    void validStr_asSpinningUp() {
        assertEquals("0-1", Literals.validStr(0.1));
        assertEquals("64-64", Literals.validStr(List.of(64, 64)));
        assertEquals("300", Literals.validStr(List.of(300)));
        assertEquals("cartpole-v1", Literals.validStr("CartPole-v1"));
        assertEquals("true", Literals.validStr(true));
        assertEquals("none", Literals.validStr(null));
        assertEquals("1-0", Literals.validStr(1.0));
        assertEquals("1e-05", Literals.validStr(1e-5));
        assertEquals("0-0003", Literals.validStr(3e-4));
        assertEquals("torch-nn-tanh", Literals.validStr("torch.nn.Tanh"));
        assertEquals("--a---1-", Literals.validStr(Map.of("a", 1)));
    }

    @Test
    void pythonFloat_matchesPythonRepr() {
        assertEquals("0.99", Literals.pythonFloat(0.99));
        assertEquals("100000.0", Literals.pythonFloat(1e5));
        assertEquals("1e+16", Literals.pythonFloat(1e16));
        assertEquals("1.5e-05", Literals.pythonFloat(1.5e-5));
        assertEquals("0.0001", Literals.pythonFloat(1e-4));
        assertEquals("-2.5", Literals.pythonFloat(-2.5));
        assertEquals("0.0", Literals.pythonFloat(0.0));
    }
}
