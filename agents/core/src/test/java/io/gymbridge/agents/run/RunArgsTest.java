package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunArgsTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> RunArgs.parse(args)).getMessage();
    }

    private static List<String> names(RunArgs args, String algo) {
        ExperimentGrid grid = args.grid(algo);
        return grid.flatVariants().stream().map(grid::variantName).distinct().sorted().toList();
    }

    @Test
    void parse_severalValuesPerFlag_makeTheGrid() {
        RunArgs a =
                RunArgs.parse(
                        "--env", "CartPole-v1", "--seed", "0", "10", "--clip_ratio", "0.1", "0.2");
        List<Map<String, Object>> variants = a.grid("ppo").variants();
        assertEquals(4, variants.size());
        assertEquals(
                Map.of("seed", 0, "clip_ratio", 0.1, "env_name", "CartPole-v1"), variants.get(0));
        assertEquals(
                Map.of("seed", 0, "clip_ratio", 0.2, "env_name", "CartPole-v1"), variants.get(1));
        assertEquals(
                Map.of("seed", 10, "clip_ratio", 0.1, "env_name", "CartPole-v1"), variants.get(2));
        assertEquals(List.of("cmd_ppo_cli0-1", "cmd_ppo_cli0-2"), names(a, "ppo"));
    }

    @Test
    void parse_docsExample_userAndAutomaticShorthands() {
        RunArgs a =
                RunArgs.parse(
                        "--env",
                        "Hopper-v2",
                        "--hid[h]",
                        "[300]",
                        "[128,128]",
                        "--act",
                        "tanh",
                        "relu");
        assertEquals(
                List.of(
                        "cmd_ddpg_h128-128_ac-actrelu",
                        "cmd_ddpg_h128-128_ac-acttanh",
                        "cmd_ddpg_h300_ac-actrelu",
                        "cmd_ddpg_h300_ac-acttanh"),
                names(a, "ddpg"));
        assertEquals(
                Map.of(
                        "env_name",
                        "Hopper-v2",
                        "ac_kwargs",
                        Map.of("hidden_sizes", List.of(300), "activation", "tanh")),
                a.grid("ddpg").variants().get(0));
    }

    @Test
    void parse_quickstartExample_namesLikeTheDocs() {
        RunArgs a =
                RunArgs.parse(
                        "--exp_name",
                        "ppo_ant",
                        "--env",
                        "Ant-v2",
                        "--clip_ratio",
                        "0.1",
                        "0.2",
                        "--hid[h]",
                        "[32,32]",
                        "[64,32]",
                        "--act",
                        "torch.nn.Tanh",
                        "--seed",
                        "0",
                        "10",
                        "20",
                        "--dt",
                        "--data_dir",
                        "path/to/data");
        assertTrue(a.datestamp());
        assertEquals(Path.of("path/to/data"), a.dataDir().orElseThrow());
        assertEquals(
                List.of(
                        "ppo_ant_cli0-1_h32-32",
                        "ppo_ant_cli0-1_h64-32",
                        "ppo_ant_cli0-2_h32-32",
                        "ppo_ant_cli0-2_h64-32"),
                names(a, "ppo"));
        assertEquals(12, a.grid("ppo").variants().size());
    }

    @Test
    void parse_shortcutsAndBracketedFlags_comeLastAsInSpinupRun() {
        RunArgs a =
                RunArgs.parse(
                        "--hid",
                        "[32]",
                        "[64]",
                        "--gamma[g]",
                        "0.9",
                        "0.99",
                        "--clip_ratio",
                        "0.1",
                        "0.2",
                        "--env",
                        "A-v0",
                        "B-v0");
        assertEquals(
                List.of("clip_ratio", "gamma", "env_name", "ac_kwargs:hidden_sizes"),
                a.params().stream().map(RunArgs.Param::key).toList());
        assertEquals(
                "cmd_ppo_cli0-1_g0-9_enva-v0_ac-hid32",
                a.grid("ppo").variantName(a.grid("ppo").flatVariants().get(0)));
    }

    @Test
    void parse_keySubkey_makesNestedDicts() {
        RunArgs a =
                RunArgs.parse(
                        "--env", "X-v0", "--ac_kwargs:activation", "relu", "--pi_kwargs:a:b", "1");
        assertEquals(
                Map.of(
                        "env_name",
                        "X-v0",
                        "ac_kwargs",
                        Map.of("activation", "relu"),
                        "pi_kwargs",
                        Map.of("a", Map.of("b", 1))),
                a.grid("ppo").variants().get(0));
    }

    @Test
    void parse_typedValuesAndBareFlags() {
        RunArgs a =
                RunArgs.parse(
                        "--env=CartPole-v1",
                        "--normalize",
                        "--gamma",
                        "0.99",
                        "--epochs=3",
                        "--seed",
                        "-1",
                        "--note",
                        "hello");
        Map<String, Object> v = a.grid("ppo").variants().get(0);
        assertEquals(true, v.get("normalize"));
        assertEquals(0.99, v.get("gamma"));
        assertEquals(3, v.get("epochs"));
        assertEquals(-1, v.get("seed"));
        assertEquals("hello", v.get("note"));
        assertEquals("CartPole-v1", v.get("env_name"));
    }

    @Test
    void parse_envNamesStayText() {
        RunArgs a =
                RunArgs.parse(
                        "--env", "1", "grpc://localhost:50051/CartPole-v1?max_episode_steps=200");
        assertEquals(
                List.of("1", "grpc://localhost:50051/CartPole-v1?max_episode_steps=200"),
                a.params().get(0).values());
    }

    @Test
    void parse_runFlags() {
        RunArgs a =
                RunArgs.parse(
                        "--env",
                        "X",
                        "--engine",
                        "pytorch",
                        "--no-progress",
                        "--datestamp",
                        "false");
        assertEquals("PyTorch", a.engine());
        assertFalse(a.progress());
        assertFalse(a.datestamp());
        assertTrue(a.expName().isEmpty());
        assertEquals("cmd_vpg", a.grid("vpg").name());
        assertEquals("X", a.params().get(0).values().get(0));
        RunArgs d = RunArgs.parse("--env", "X");
        assertEquals("MXNet", d.engine());
        assertTrue(d.progress());
        assertEquals(LoggerKwargs.DEFAULT_DATA_DIR, d.options(System.out).dataDir());
    }

    @Test
    void parse_help() {
        assertTrue(RunArgs.parse("--help").help());
        assertTrue(RunArgs.parse("--env", "X", "--help").help());
        assertTrue(RunArgs.parse("-h").help());
    }

    @Test
    void parse_resume_allowsOnlyEngineAndNoProgress() {
        RunArgs a = RunArgs.parse("--resume", "data/x/x_s0", "--engine", "MXNet", "--no-progress");
        assertEquals(Path.of("data/x/x_s0"), a.resume().orElseThrow());
        assertEquals(
                "--resume continues a run as it was configured: drop --seed, --env (only --engine and --no-progress go with --resume)",
                error("--resume", "d", "--seed", "1", "--env", "X"));
    }

    @Test
    void parse_malformedHid_namesTheFlag() {
        assertEquals(
                "--hid: expected a list of integers like [64,64], got 64", error("--hid", "64"));
        assertEquals(
                "--hid: expected a list of integers like [64,64], got [64,x]",
                error("--hid", "[64,64]", "[64,x]"));
        assertEquals(
                "--hid: expected a list of integers like [64,64], got [0.5]",
                error("--hid[h]", "[0.5]"));
        assertEquals(
                "--ac_kwargs:hidden_sizes: expected a list of integers like [64,64], got (64,-1)",
                error("--ac_kwargs:hidden_sizes", "(64,-1)"));
    }

    @Test
    void parse_errors_oneLineNamingTheFlag() {
        assertEquals("expected a flag before 'ppo', e.g. --env CartPole-v1", error("ppo"));
        assertEquals(
                "--seed is given twice: give all its values after one --seed",
                error("--seed", "0", "--seed", "1"));
        assertEquals(
                "--env and --env_name both set env_name", error("--env", "A", "--env_name", "B"));
        assertEquals("--data_dir takes one value, got 2: a b", error("--data_dir", "a", "b"));
        assertEquals("--exp_name takes no [shorthand]", error("--exp_name[e]", "x"));
        assertEquals("--engine must be MXNet or PyTorch, got tf", error("--engine", "tf"));
        assertEquals(
                "--datestamp: expected true or false, got maybe", error("--datestamp", "maybe"));
        assertEquals(
                "--hid[h: write a shorthand as --flag[sh], e.g. --hid[h]", error("--hid[h", "[1]"));
        assertTrue(
                error("--cpu", "4").startsWith("--cpu: gymbridge runs experiments in one process"));
        assertEquals("'--' names no flag", error("--"));
    }
}
