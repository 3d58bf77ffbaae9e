package io.gymbridge.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.vector.AutoresetMode;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EnvAddressTest {

    private static EnvException invalid(String url) {
        EnvException e = assertThrows(EnvException.class, () -> EnvAddress.parse(url));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        return e;
    }

    @Test
    void parse_bareUrl_hasDefaults() {
        EnvAddress a = EnvAddress.parse("grpc://localhost:50051/CartPole-v1");

        assertEquals("grpc", a.scheme());
        assertEquals("localhost", a.host());
        assertEquals(50051, a.port());
        assertEquals("localhost:50051", a.authority());
        assertEquals("CartPole-v1", a.envId());
        assertEquals(1, a.numEnvs());
        assertEquals(OptionalInt.empty(), a.maxEpisodeSteps());
        assertNull(a.renderMode());
        assertEquals(AutoresetMode.NEXT_STEP, a.autoresetMode());
        assertEquals(Map.of(), a.kwargs());
    }

    @Test
    void parse_sessionParameters_areReadNotPassedAsKwargs() {
        EnvAddress a =
                EnvAddress.parse(
                        "grpc://10.0.0.2:9000/Pendulum-v1?num_envs=8&max_episode_steps=200"
                                + "&autoreset_mode=same_step&render_mode=rgb_array");

        assertEquals(8, a.numEnvs());
        assertEquals(OptionalInt.of(200), a.maxEpisodeSteps());
        assertEquals(AutoresetMode.SAME_STEP, a.autoresetMode());
        assertEquals("rgb_array", a.renderMode());
        assertEquals(Map.of(), a.kwargs());
    }

    @Test
    void parse_connectionParameters_keptForTheClientNeverSentAsKwargs() {
        EnvAddress a =
                EnvAddress.parse(
                        "grpcs://gpu-1:50051/CartPole-v1?ca_file=/etc/gb/ca.pem"
                                + "&cert_file=me.pem&key_file=me.key&token_file=%2Frun%2Ftoken"
                                + "&server_name=gym.example&num_envs=2&sutton_barto_reward=true");

        assertEquals("grpcs", a.scheme());
        assertEquals(Map.of("sutton_barto_reward", true), a.kwargs());
        assertEquals(
                Map.of(
                        "ca_file", "/etc/gb/ca.pem",
                        "cert_file", "me.pem",
                        "key_file", "me.key",
                        "token_file", "/run/token",
                        "server_name", "gym.example"),
                a.connection());
        assertEquals(a.connection(), a.withNumEnvs(4).connection());
        assertEquals(a.connection(), a.withAutoresetMode(AutoresetMode.DISABLED).connection());
    }

    @Test
    void parse_secretInTheUrl_refusedWithoutRepeatingIt() {
        String secret = "s3cr3t-0123456789abcdef0123456789";
        for (String url :
                new String[] {
                    "grpcs://h:1/E-v0?token=" + secret, "grpcs://me:" + secret + "@h:1/E-v0"
                }) {
            EnvException e = invalid(url);
            assertTrue(e.getMessage().contains("token_file"), e.getMessage());
            assertTrue(!e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Test
    void parse_kwargs_areTypedByTheirText() {
        EnvAddress a =
                EnvAddress.parse(
                        "grpc://h:1/E-v0?b=true&f=false&i=1&neg=-3&x=1.5&e=1e-3&q=%221%22"
                                + "&s=text&inf=inf&pct=a%20b");

        assertEquals(Boolean.TRUE, a.kwargs().get("b"));
        assertEquals(Boolean.FALSE, a.kwargs().get("f"));
        assertEquals(1L, a.kwargs().get("i"));
        assertEquals(-3L, a.kwargs().get("neg"));
        assertEquals(1.5, a.kwargs().get("x"));
        assertEquals(1e-3, a.kwargs().get("e"));
        assertEquals("1", a.kwargs().get("q"), "a quoted value is a string");
        assertEquals("text", a.kwargs().get("s"));
        assertEquals(Double.POSITIVE_INFINITY, a.kwargs().get("inf"));
        assertEquals("a b", a.kwargs().get("pct"));
    }

    @Test
    void parse_percentEncodedPlus_isAPlusSign() {
        // Values are form-decoded: a bare '+' would become a space ("1e+3" -> "1e 3", a string)
        EnvAddress a = EnvAddress.parse("grpc://h:1/E-v0?x=1e%2B3&y=%2B5");

        assertEquals(1000.0, a.kwargs().get("x"));
        assertEquals(5L, a.kwargs().get("y"));
    }

    @Test
    void parse_kwargs_keepTheirOrder() {
        EnvAddress a = EnvAddress.parse("grpc://h:1/E-v0?z=1&a=2&m=3");

        assertEquals(java.util.List.of("z", "a", "m"), java.util.List.copyOf(a.kwargs().keySet()));
    }

    @Test
    void withNumEnvs_changesOnlyTheCount() {
        EnvAddress a = EnvAddress.parse("grpc://h:1/E-v0?g=9.8");
        EnvAddress b = a.withNumEnvs(4);

        assertEquals(4, b.numEnvs());
        assertEquals(a.kwargs(), b.kwargs());
        assertEquals(a.envId(), b.envId());
    }

    @Test
    void parse_noScheme_explainsTheForm() {
        EnvException e = invalid("localhost:50051/CartPole-v1");
        assertTrue(e.getMessage().contains("scheme://host:port/EnvId"), e.getMessage());
    }

    @Test
    void parse_noPort_saysSo() {
        EnvException e = invalid("grpc://localhost/CartPole-v1");
        assertTrue(e.getMessage().contains("has no port"), e.getMessage());
    }

    @Test
    void parse_nonNumericPort_explainsTheForm() {
        EnvException e = invalid("grpc://localhost:port/CartPole-v1");
        assertTrue(e.getMessage().contains("scheme://host:port/EnvId"), e.getMessage());
    }

    @Test
    void parse_noEnvId_saysSo() {
        EnvException e = invalid("grpc://localhost:50051/");
        assertTrue(e.getMessage().contains("names no env id"), e.getMessage());
        invalid("grpc://localhost:50051");
    }

    @Test
    void parse_syntaxError_namesTheUrl() {
        EnvException e = invalid("grpc://local host:50051/CartPole-v1");
        assertTrue(e.getMessage().contains("malformed env URL 'grpc://local host"), e.getMessage());
    }

    @Test
    void parse_parameterWithoutValue_namesIt() {
        EnvException e = invalid("grpc://h:1/E-v0?verbose");
        assertTrue(e.getMessage().contains("'verbose' needs the form key=value"), e.getMessage());
    }

    @Test
    void parse_badNumEnvsOrSteps_namesParameterAndValue() {
        EnvException zero = invalid("grpc://h:1/E-v0?num_envs=0");
        assertTrue(
                zero.getMessage().contains("num_envs must be a positive integer, got '0'"),
                zero.getMessage());
        EnvException text = invalid("grpc://h:1/E-v0?max_episode_steps=many");
        assertTrue(text.getMessage().contains("max_episode_steps"), text.getMessage());
        assertTrue(text.getMessage().contains("'many'"), text.getMessage());
    }

    @Test
    void parse_unknownAutoresetMode_listsTheModes() {
        EnvException e = invalid("grpc://h:1/E-v0?autoreset_mode=later");
        assertTrue(e.getMessage().contains("next_step, same_step or disabled"), e.getMessage());
    }

    @Test
    void parse_unixSocket_pathAndEnvParameter() {
        EnvAddress a =
                EnvAddress.parse(
                        "unix:/tmp/gym.sock?env=CartPole-v1&num_envs=8&sutton_barto_reward=true");

        assertEquals("unix", a.scheme());
        assertEquals("/tmp/gym.sock", a.socketPath());
        assertNull(a.host());
        assertEquals("unix:/tmp/gym.sock", a.target());
        assertEquals("CartPole-v1", a.envId());
        assertEquals(8, a.numEnvs());
        assertEquals(Map.of("sutton_barto_reward", true), a.kwargs());
    }

    @Test
    void parse_unixSocketWithEmptyHost_sameAddress() {
        assertEquals(
                EnvAddress.parse("unix:/tmp/gym.sock?env=CartPole-v1"),
                EnvAddress.parse("unix:///tmp/gym.sock?env=CartPole-v1"));
    }

    @Test
    void parse_unixSocket_envIdMayHaveASlashAndPathIsPercentDecoded() {
        EnvAddress a = EnvAddress.parse("unix:/tmp/my%20gym.sock?env=ALE/Pong-v5");

        assertEquals("/tmp/my gym.sock", a.socketPath());
        assertEquals("ALE/Pong-v5", a.envId());
        assertEquals("unix:/tmp/my%20gym.sock", a.target());
    }

    @Test
    void parse_unixSocket_grpcUrlKeepsEnvAsAKwarg() {
        assertEquals(Map.of("env", "x"), EnvAddress.parse("grpc://h:1/E-v0?env=x").kwargs());
        assertNull(EnvAddress.parse("grpc://h:1/E-v0").socketPath());
    }

    @Test
    void parse_badUnixSocketUrls_sayWhatIsWrong() {
        assertTrue(invalid("unix:/tmp/gym.sock").getMessage().contains("names no env id"));
        assertTrue(invalid("unix:gym.sock?env=E-v0").getMessage().contains("absolute"));
        assertTrue(invalid("unix://host/tmp/gym.sock?env=E-v0").getMessage().contains("host"));
        String tooLong = "/tmp/" + "s".repeat(103);
        assertTrue(invalid("unix:" + tooLong + "?env=E-v0").getMessage().contains("at most 107"));
    }

    @Test
    void withAutoresetMode_keepsTheSocket() {
        EnvAddress a =
                EnvAddress.parse("unix:/tmp/gym.sock?env=E-v0")
                        .withAutoresetMode(AutoresetMode.DISABLED);

        assertEquals("/tmp/gym.sock", a.socketPath());
        assertEquals(AutoresetMode.DISABLED, a.autoresetMode());
    }
}
