package dev.decomcam.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void laterSourcesWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("svc.properties");
    Files.writeString(file, "a=file\nb=file\nc.d=file\n");
    Settings s =
        new Settings(
            Settings.merge(
                file,
                "DECOMCAM_X_",
                Map.of(
                    "DECOMCAM_X_B",
                    "env",
                    "DECOMCAM_X_C_D",
                    "env",
                    "DECOMCAM_Y_A",
                    "other service"),
                Map.of("c.d", "flag")));
    assertEquals("file", s.string("a", "default"));
    assertEquals("env", s.string("b", "default"));
    assertEquals("flag", s.string("c.d", "default"));
    assertEquals("default", s.string("e", "default"));
  }

  @Test
  void badValuesAreOneLineNamingKeyAndFix() {
    Settings s =
        new Settings(
            Settings.merge(null, null, Map.of(), Map.of("n", "abc", "m", "loud", "t", "a b")));
    ConfigError e = assertThrows(ConfigError.class, () -> s.intIn("n", 1, 0, 10));
    assertEquals("config key 'n' = 'abc' is invalid: set an integer from 0 to 10", e.getMessage());
    ConfigError e2 =
        assertThrows(ConfigError.class, () -> s.choice("m", "full", Set.of("full", "streaming")));
    assertTrue(e2.getMessage().endsWith("set one of full, streaming"), e2.getMessage());
    assertThrows(ConfigError.class, () -> s.name("t", "x"));
    assertTrue(
        assertThrows(ConfigError.class, () -> s.required("missing", "set missing=1"))
            .getMessage()
            .contains("'missing' is missing: set missing=1"));
    assertThrows(
        ConfigError.class,
        () -> Settings.merge(Path.of("no/such.properties"), null, Map.of(), Map.of()));
  }

  @Test
  void unknownKeysAreRejectedWithTheNearestKnownOne() {
    Settings s =
        new Settings(
            Settings.merge(
                null,
                null,
                Map.of(),
                Map.of("bootstrap-servers", "x", "kafka.linger.ms", "5", "topic.frames", "f")));
    s.name("bootstrap.servers", "127.0.0.1:9092");
    s.name("topic.frames", "frames");
    ConfigError e = assertThrows(ConfigError.class, () -> s.rejectUnknown("kafka."));
    assertTrue(
        e.getMessage()
            .startsWith(
                "unknown config key 'bootstrap-servers': did you mean 'bootstrap.servers'?"),
        e.getMessage());
    Settings ok =
        new Settings(
            Settings.merge(null, null, Map.of(), Map.of("kafka.linger.ms", "5", "a", "1")));
    ok.string("a", null);
    ok.rejectUnknown("kafka."); // pass-through keys and read keys are fine
  }

  @Test
  void flagsParse() {
    Flags f = Flags.parse("demo", "x", "--a=1", "--b", "2", "--quiet");
    assertEquals(Map.of("a", "1", "b", "2", "quiet", "true"), f.options());
    assertEquals(List.of("demo", "x"), f.positional());
  }

  @Test
  void aRepeatedFlagListsItsValues() {
    Flags f = Flags.parse("--video", "a.mp4", "--video=b.mp4", "--frames=10");
    assertEquals(Map.of("video", "a.mp4,b.mp4", "frames", "10"), f.options());
  }
}
