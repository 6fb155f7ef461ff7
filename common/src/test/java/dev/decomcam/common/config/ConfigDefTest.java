package dev.decomcam.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigDef.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
  static final ConfigDef DEF =
      new ConfigDef("DECOMCAM_T_")
          .define(Setting.required("source", "set source=<file>", "what to read"))
          .define(Setting.id("topic", "frames", "output topic"))
          .define(Setting.text("dir", null, "a folder").shownAs("<tmp>/x"))
          .define(Setting.integer("n", 3, 1, 10, "how many"))
          .define(Setting.integer("port", 0, 0, Integer.MAX_VALUE, "a port | or not"))
          .define(Setting.number("q", 0.85, 0.05, 1, "quality"))
          .define(Setting.bool("loop", false, "replay forever"))
          .define(Setting.choice("mode", "fast", "how fast", "fast", "realtime"))
          .define(
              Setting.parsed(
                  "batch",
                  1,
                  "1",
                  "auto, 1..64",
                  (key, v) -> v.equals("auto") ? 0 : Integer.parseInt(v),
                  "frames per batch"))
          .passThrough("kafka.", "any producer setting");

  @Test
  void defaultsTypesAndLayering() {
    ConfigDef.Values v =
        DEF.load(
            null,
            Map.of("DECOMCAM_T_N", "5", "DECOMCAM_T_Q", "0.5"),
            Map.of(
                "source",
                "a.mp4",
                "q",
                "0.25",
                "loop",
                "yes",
                "mode",
                "REALTIME",
                "batch",
                "auto",
                "kafka.linger.ms",
                "7"));
    assertEquals("a.mp4", v.string("source"));
    assertEquals("frames", v.string("topic"));
    assertNull(v.string("dir"));
    assertEquals(5, v.integer("n"));
    assertEquals(0, v.integer("port"));
    assertEquals(0.25, v.number("q"));
    assertTrue(v.bool("loop"));
    assertEquals("realtime", v.string("mode"));
    assertEquals(0, v.integer("batch"));
    assertEquals("7", v.withPrefix("kafka.").getProperty("linger.ms"));
    assertTrue(v.isSet("q"));
    assertFalse(v.isSet("topic"));
    assertThrows(
        IllegalArgumentException.class,
        () -> v.integer("nope"),
        "an undeclared key is a programming error");
    assertThrows(ClassCastException.class, () -> v.integer("q"));
  }

  @Test
  void badValuesAreOneLineNamingKeyAndFix() {
    assertEquals(
        "config key 'source' is missing: set source=<file>",
        assertThrows(ConfigError.class, () -> DEF.load(null, Map.of(), Map.of())).getMessage());
    assertEquals("config key 'n' = '11' is invalid: set an integer from 1 to 10", error("n", "11"));
    assertEquals("config key 'n' = 'x' is invalid: set an integer from 1 to 10", error("n", "x"));
    assertEquals("config key 'q' = '2' is invalid: set a number from 0.05 to 1.0", error("q", "2"));
    assertEquals(
        "config key 'loop' = 'maybe' is invalid: set true or false", error("loop", "maybe"));
    assertEquals(
        "config key 'mode' = 'slow' is invalid: set one of fast, realtime", error("mode", "slow"));
    assertEquals(
        "config key 'topic' = 'a b' is invalid: set a non-empty name without spaces",
        error("topic", "a b"));
    String typo = error("topc", "x");
    assertTrue(typo.startsWith("unknown config key 'topc': did you mean 'topic'?"), typo);
    assertTrue(typo.contains("kafka.*"), typo);
  }

  @Test
  void unknownFlagsAreRejectedWithTheNearestKnownOne() {
    ConfigDef def =
        new ConfigDef(null)
            .define(Setting.integer("frames", 1, 1, 2, "n"))
            .define(Setting.text("max-frames", null, "m"))
            .passThrough("kafka.", "k");
    assertEquals(
        "unknown flag --framse: did you mean --frames?",
        assertThrows(
                ConfigError.class,
                () -> def.rejectUnknownFlags(List.of("frames", "framse"), List.of("config")))
            .getMessage());
    assertEquals(
        "unknown flag --confg: did you mean --config?",
        assertThrows(
                ConfigError.class,
                () -> def.rejectUnknownFlags(List.of("confg"), List.of("config")))
            .getMessage());
    assertEquals(
        "unknown flag --xyzzy: see --help for the flags of this command",
        assertThrows(ConfigError.class, () -> def.rejectUnknownFlags(List.of("xyzzy"), List.of()))
            .getMessage());
    def.rejectUnknownFlags(
        List.of("frames", "max-frames", "kafka.acks", "config"), List.of("config"));
  }

  private static String error(String key, String value) {
    return assertThrows(
            ConfigError.class, () -> DEF.load(null, Map.of(), Map.of("source", "s", key, value)))
        .getMessage();
  }

  @Test
  void aSettingIsDeclaredOnceAndCanBeReusedUnderAnotherKey() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ConfigDef(null)
                .define(Setting.integer("n", 1, 1, 2, "n"))
                .define(Setting.integer("n", 1, 1, 2, "n")));
    assertThrows(IllegalArgumentException.class, () -> Setting.choice("m", "slow", "m", "fast"));
    ConfigDef cli = new ConfigDef(null).define(DEF.setting("n").as("count"));
    assertEquals(
        "config key 'count' = '0' is invalid: set an integer from 1 to 10",
        assertThrows(ConfigError.class, () -> cli.load(null, null, Map.of("count", "0")))
            .getMessage());
    assertEquals(3, cli.load(null, null, Map.of()).integer("count"));
  }

  @Test
  void markdownTableHasEveryKeyDefaultAndRange() {
    String md = DEF.toMarkdown();
    String[] lines = md.split("\n");
    assertEquals("| Key | Default | Valid values | Meaning |", lines[0]);
    assertEquals("|---|---|---|---|", lines[1]);
    assertEquals("| `source` | (required) |  | what to read |", lines[2]);
    assertEquals("| `dir` | `<tmp>/x` |  | a folder |", lines[4]);
    assertEquals("| `n` | `3` | 1..10 | how many |", lines[5]);
    assertEquals("| `port` | `0` | >=0 | a port \\| or not |", lines[6]);
    assertEquals("| `q` | `0.85` | 0.05..1 | quality |", lines[7]);
    assertEquals("| `mode` | `fast` | fast, realtime | how fast |", lines[9]);
    assertEquals("| `kafka.*` | | | any producer setting |", lines[11]);
    assertEquals(12, lines.length);
  }

  @Test
  void helpHasEveryKeyWithItsDefault() {
    String help = DEF.toHelp();
    assertTrue(
        help.contains("  --n                            how many (default 3; 1..10)\n"), help);
    assertTrue(help.contains("--source                       what to read (required)"), help);
    assertTrue(help.contains("--kafka.<key>"), help);
    assertTrue(
        help.endsWith("Environment: DECOMCAM_T_<KEY> (upper case, dots as underscores).\n"), help);
    help.lines().forEach(l -> assertTrue(l.length() <= 110, l));
  }
}
