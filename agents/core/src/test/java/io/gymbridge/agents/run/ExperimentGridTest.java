package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentGridTest {
    @TempDir Path tmp;

    private static final Clock NOON =
            Clock.fixed(Instant.parse("2024-05-06T12:34:56Z"), ZoneOffset.UTC);

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void variants_cartesianProductFirstKeySlowest_nestedByColons() {
        ExperimentGrid eg = new ExperimentGrid("bench");
        eg.add("env_name", "CartPole-v1", "", true);
        eg.add("seed", List.of(0, 10));
        eg.add("ac_kwargs:hidden_sizes", List.of(List.of(32), List.of(64, 64)), "hid");
        eg.add("ac_kwargs:activation", List.of("tanh", "relu"), "");
        List<Map<String, Object>> v = eg.variants();
        assertEquals(8, v.size());
        assertEquals(
                Map.of(
                        "env_name",
                        "CartPole-v1",
                        "seed",
                        0,
                        "ac_kwargs",
                        Map.of("hidden_sizes", List.of(32), "activation", "tanh")),
                v.get(0));
        assertEquals(
                Map.of("hidden_sizes", List.of(32), "activation", "relu"),
                v.get(1).get("ac_kwargs"));
        assertEquals(
                Map.of("hidden_sizes", List.of(64, 64), "activation", "tanh"),
                v.get(2).get("ac_kwargs"));
        assertEquals(10, v.get(4).get("seed"));
        assertEquals("bench_cartpole-v1_hid32_tanh", eg.variantName(v.get(0)));
        assertEquals("bench_cartpole-v1_hid64-64_relu", eg.variantName(v.get(7)));
    }

    @Test
    void variantName_seedNeverInName_boolsOnlyWhenTrue_noLeadingUnderscore() {
        ExperimentGrid eg = new ExperimentGrid();
        eg.add("seed", List.of(0, 1), "s", true);
        eg.add("normalize", List.of(true, false));
        eg.add("epochs", 5);
        eg.add("steps_per_epoch", 100, "steps", true);
        List<Map<String, Object>> v = eg.variants();
        assertEquals("nor_steps100", eg.variantName(v.get(0)));
        assertEquals("steps100", eg.variantName(v.get(1)));
    }

    @Test
    void autoShorthand_firstThreeLettersOfEachTerm() {
        assertEquals("cli", ExperimentGrid.autoShorthand("clip_ratio"));
        assertEquals("ac-act", ExperimentGrid.autoShorthand("ac_kwargs:activation"));
        assertEquals("pi", ExperimentGrid.autoShorthand("pi"));
    }

    @Test
    void add_rejectsRepeatsOverlapsAndEmptyValues() {
        ExperimentGrid eg = new ExperimentGrid().add("ac_kwargs", Map.of("activation", "relu"));
        assertEquals("seed: no values", error(() -> eg.add("seed", List.of())));
        assertEquals("ac_kwargs: given twice", error(() -> eg.add("ac_kwargs", 1)));
        assertEquals(
                "ac_kwargs and ac_kwargs:activation both set ac_kwargs; give one of them",
                error(() -> eg.add("ac_kwargs:activation", "tanh")));
        assertEquals("a:: a key needs a name, got 'a:'", error(() -> eg.add("a:", 1)));
    }

    @Test
    void describe_listsParametersAndCounts() {
        ExperimentGrid eg =
                new ExperimentGrid("g")
                        .add("seed", List.of(0, 1, 2))
                        .add("clip_ratio", List.of(0.1, 0.2));
        String d = eg.describe();
        assertTrue(d.contains("clip_ratio [cli]: 0.1, 0.2"), d);
        assertTrue(d.contains("Variants, counting seeds: 6"), d);
        assertTrue(d.contains("Variants, not counting seeds: 2"), d);
    }

    @Test
    void plan_typesEveryVariantOntoTheConfig() {
        FakeAlgorithm fake = new FakeAlgorithm();
        RunArgs a =
                RunArgs.parse(
                        "--env",
                        "CartPole-v1",
                        "--seed",
                        "3",
                        "--hid",
                        "[8]",
                        "--epochs",
                        "2",
                        "--num_envs",
                        "4");
        Experiment<FakeAlgorithm.Config> e = a.grid("fake").plan(fake).get(0);
        assertEquals("cmd_fake", e.name());
        assertEquals("CartPole-v1", e.env());
        assertEquals(3, e.seed());
        assertEquals(
                new FakeAlgorithm.Config(
                        3, 4000, 2, 0.2, new FakeAlgorithm.AcKwargs(List.of(8), "tanh"), 4, false),
                e.config());
    }

    @Test
    void plan_errorsNameTheFlag() {
        FakeAlgorithm fake = new FakeAlgorithm();
        String unknown =
                error(() -> RunArgs.parse("--env", "X", "--no_such", "1").grid("fake").plan(fake));
        assertTrue(
                unknown.startsWith(
                        "--no_such: unknown flag for fake; its flags are --ac_kwargs, --clip_ratio, --epochs,"),
                unknown);
        assertFalse(unknown.contains("total"), unknown);
        assertEquals(
                "--epochs: expected an integer, got 2.5",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--epochs", "2.5")
                                        .grid("fake")
                                        .plan(fake)));
        assertEquals(
                "--epochs: expected an integer, got many",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--epochs", "1", "many")
                                        .grid("fake")
                                        .plan(fake)));
        assertEquals(
                "--clip_ratio: clip_ratio must be in (0, 1), got 1.5",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--clip_ratio", "0.2", "1.5")
                                        .grid("fake")
                                        .plan(fake)));
        assertEquals(
                "--act: expected a string, got [1]",
                error(() -> RunArgs.parse("--env", "X", "--act", "[1]").grid("fake").plan(fake)));
        assertEquals(
                "--ac_kwargs:foo: unknown flag for fake; its flags are --ac_kwargs:activation, --ac_kwargs:hidden_sizes (see ./gymbridge run fake --help)",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--ac_kwargs:foo", "1")
                                        .grid("fake")
                                        .plan(fake)));
        assertEquals(
                "--seed:x: seed takes a single value, not sub-keys or a dict",
                error(() -> RunArgs.parse("--env", "X", "--seed:x", "1").grid("fake").plan(fake)));
        assertEquals(
                "--ac_kwargs: expected a dict (or set its keys with --ac_kwargs:KEY VALUE), got 5",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--ac_kwargs", "5")
                                        .grid("fake")
                                        .plan(fake)));
        assertEquals(
                "--normalize: expected true or false, got maybe",
                error(
                        () ->
                                RunArgs.parse("--env", "X", "--normalize", "maybe")
                                        .grid("fake")
                                        .plan(fake)));
        assertTrue(
                error(() -> RunArgs.parse("--seed", "1").grid("fake").plan(fake))
                        .startsWith("no environment: give --env"));
    }

    @Test
    void plan_dictValuesUpdateTheDefaults() {
        FakeAlgorithm fake = new FakeAlgorithm();
        var e =
                new ExperimentGrid()
                        .add("env_name", "X")
                        .add("ac_kwargs", Map.of("activation", "relu"))
                        .plan(fake)
                        .get(0);
        assertEquals(new FakeAlgorithm.AcKwargs(List.of(64, 64), "relu"), e.config().acKwargs());
        assertEquals(0, e.seed());
    }

    @Test
    void run_trainsEachVariantInSpinningUpsDirectories() throws Exception {
        FakeAlgorithm fake = new FakeAlgorithm();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunOptions options =
                RunOptions.defaults()
                        .withDataDir(tmp)
                        .withEngine("pytorch")
                        .withProgress(false)
                        .withOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        RunArgs a =
                RunArgs.parse(
                        "--env",
                        "CartPole-v1",
                        "--seed",
                        "0",
                        "10",
                        "--clip_ratio",
                        "0.1",
                        "0.2",
                        "--epochs",
                        "2");
        a.grid("fake").run(fake, options);
        assertEquals(4, fake.calls.size());
        var first = fake.calls.get(0).run();
        assertEquals("cmd_fake_cli0-1", first.expName());
        assertEquals(tmp.resolve("cmd_fake_cli0-1/cmd_fake_cli0-1_s0"), first.outputDir());
        assertEquals("CartPole-v1", first.env());
        assertEquals("PyTorch", first.engine());
        assertFalse(first.resume());
        assertFalse(first.progress());
        assertEquals(
                tmp.resolve("cmd_fake_cli0-2/cmd_fake_cli0-2_s10"),
                fake.calls.get(3).run().outputDir());
        assertEquals(0.2, fake.calls.get(3).config().clipRatio());
        assertTrue(Files.exists(tmp.resolve("cmd_fake_cli0-2/cmd_fake_cli0-2_s10/progress.txt")));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Preparing to run the following experiments (fake, 4 runs):"), out);
        assertTrue(out.contains("  cmd_fake_cli0-1  (seeds 0, 10)"), out);
        assertTrue(
                out.contains("Running experiment 1/4: cmd_fake_cli0-1, seed 0, env CartPole-v1"),
                out);
        assertTrue(out.contains("with seed=0 clip_ratio=0.1 epochs=2"), out);
    }

    @Test
    void run_datestamp_prefixesBothFolders() {
        FakeAlgorithm fake = new FakeAlgorithm();
        RunOptions options =
                RunOptions.defaults()
                        .withDataDir(tmp)
                        .withDatestamp(true)
                        .withClock(NOON)
                        .withOut(
                                new PrintStream(
                                        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new ExperimentGrid("ppo_ant")
                .add("env_name", "X")
                .add("seed", 10)
                .add("epochs", 1)
                .run(fake, options);
        assertEquals(
                tmp.resolve("2024-05-06_ppo_ant/2024-05-06_12-34-56-ppo_ant_s10"),
                fake.calls.get(0).run().outputDir());
    }

    @Test
    void run_aBadLastVariantFailsBeforeAnythingTrains() {
        FakeAlgorithm fake = new FakeAlgorithm();
        RunArgs a = RunArgs.parse("--env", "X", "--epochs", "1", "0");
        assertEquals(
                "--epochs: epochs must be at least 1, got 0",
                error(() -> a.grid("fake").run(fake, RunOptions.defaults().withDataDir(tmp))));
        assertTrue(fake.calls.isEmpty());
    }
}
