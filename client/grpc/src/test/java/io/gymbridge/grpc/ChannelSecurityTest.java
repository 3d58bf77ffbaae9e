package io.gymbridge.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client's credentials come from, and what it refuses before connecting. */
class ChannelSecurityTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir Path dir;

    Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static EnvException refused(Runnable r) {
        EnvException e = assertThrows(EnvException.class, r::run);
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        return e;
    }

    @Test
    void of_urlParametersWinOverEnvironmentVariables() throws IOException {
        Path urlCa = file("url-ca.pem", "x");
        Path envCa = file("env-ca.pem", "x");
        Path token = file("token", TOKEN);
        Map<String, String> env =
                Map.of(
                        ChannelSecurity.CA_FILE_ENV,
                        envCa.toString(),
                        ChannelSecurity.TOKEN_FILE_ENV,
                        token.toString());

        String fromUrl =
                ChannelSecurity.of("grpcs", "gpu-1", Map.of("ca_file", urlCa.toString()), env)
                        .toString();
        assertTrue(fromUrl.contains("CA " + urlCa), fromUrl);
        assertTrue(fromUrl.contains("token from " + token), fromUrl);

        String fromEnv = ChannelSecurity.of("grpcs", "gpu-1", Map.of(), env).toString();
        assertTrue(fromEnv.contains("CA " + envCa), fromEnv);
        assertFalse(fromEnv.contains(TOKEN), fromEnv);
    }

    @Test
    void of_plaintext_ignoresTlsVariablesRefusesTlsParameters() throws IOException {
        Path ca = file("ca.pem", "x");
        assertEquals(
                "plaintext",
                ChannelSecurity.of(
                                "grpc",
                                "127.0.0.1",
                                Map.of(),
                                Map.of(ChannelSecurity.CA_FILE_ENV, ca.toString()))
                        .toString());
        EnvException e =
                refused(
                        () ->
                                ChannelSecurity.of(
                                        "grpc",
                                        "127.0.0.1",
                                        Map.of("ca_file", ca.toString()),
                                        Map.of()));
        assertTrue(e.getMessage().contains("grpcs://"), e.getMessage());
    }

    @Test
    void of_tokenInPlaintext_onlyToLoopback() throws IOException {
        Map<String, String> p = Map.of("token_file", file("token", TOKEN).toString());
        ChannelSecurity.of("grpc", "127.0.0.1", p, Map.of());
        ChannelSecurity.of("grpc", "localhost", p, Map.of());
        ChannelSecurity.of("grpc", "[::1]", p, Map.of());
        ChannelSecurity.of("grpcs", "192.0.2.7", p, Map.of());
        EnvException e = refused(() -> ChannelSecurity.of("grpc", "192.0.2.7", p, Map.of()));
        assertTrue(e.getMessage().contains("not loopback"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        // From the environment too: a token set for one server never leaks to another in plaintext.
        refused(
                () ->
                        ChannelSecurity.of(
                                "grpc",
                                "192.0.2.7",
                                Map.of(),
                                Map.of(ChannelSecurity.TOKEN_FILE_ENV, p.get("token_file"))));
    }

    @Test
    void of_certificateWithoutKeyOrMissingFile_refusedNamingIt() throws IOException {
        Path cert = file("me.pem", "x");
        refused(
                () ->
                        ChannelSecurity.of(
                                "grpcs", "h", Map.of("cert_file", cert.toString()), Map.of()));
        Path missing = dir.resolve("missing.pem");
        EnvException e =
                refused(
                        () ->
                                ChannelSecurity.of(
                                        "grpcs",
                                        "h",
                                        Map.of("ca_file", missing.toString()),
                                        Map.of()));
        assertTrue(
                e.getMessage().contains("ca_file") && e.getMessage().contains(missing.toString()),
                e.getMessage());
        EnvException v =
                refused(
                        () ->
                                ChannelSecurity.of(
                                        "grpcs",
                                        "h",
                                        Map.of(),
                                        Map.of(ChannelSecurity.KEY_FILE_ENV, missing.toString())));
        assertTrue(v.getMessage().contains(ChannelSecurity.KEY_FILE_ENV), v.getMessage());
    }

    @Test
    void newChannel_tokenFileNotATokenAlone_refusedWithoutQuotingIt() throws IOException {
        Path serverStyle = file("tokens.txt", "alice " + TOKEN + "\n");
        EnvException e =
                refused(
                        () ->
                                ChannelSecurity.of(
                                                "grpcs",
                                                "h",
                                                Map.of("token_file", serverStyle.toString()),
                                                Map.of())
                                        .newChannel("h:1"));
        assertTrue(e.getMessage().contains("token alone"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        Path empty = file("empty", "# nothing\n");
        refused(
                () ->
                        ChannelSecurity.of(
                                        "grpcs",
                                        "h",
                                        Map.of("token_file", empty.toString()),
                                        Map.of())
                                .newChannel("h:1"));
    }

    @Test
    void bearerToken_readsTheFirstTokenLine() throws IOException {
        assertEquals(TOKEN, BearerToken.read(file("t", "# mine\n\n  " + TOKEN + "  \n")));
    }
}
