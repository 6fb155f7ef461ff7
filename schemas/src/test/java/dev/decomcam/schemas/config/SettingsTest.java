package dev.decomcam.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void laterLayersWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("svc.properties");
    Files.writeString(file, "a=file\nb=file\nc=file\n");
    Settings s = Settings.load(Map.of("a", "default", "b", "default", "c", "default", "d", "default"), file,
        Map.of("DECOMCAM_B", "env", "DECOMCAM_C", "env"), Map.of("c", "flag"));
    assertEquals("file", s.get("a"));
    assertEquals("env", s.get("b"));
    assertEquals("flag", s.get("c"));
    assertEquals("default", s.get("d"));
  }

  @Test
  void badValuesNameKeyOriginAndFix() {
    Settings s = Settings.of(Map.of("n", "abc", "m", "loud"), Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> s.getInt("n"));
    assertEquals("config key 'n' = 'abc' (from default) is not valid: expected a whole number", e.getMessage());
    ConfigException e2 = assertThrows(ConfigException.class, () -> s.getChoice("m", "full", "streaming"));
    assertTrue(e2.getMessage().contains("one of full, streaming"), e2.getMessage());
    ConfigException e3 = assertThrows(ConfigException.class, () -> s.get("missing.key"));
    assertTrue(e3.getMessage().contains("DECOMCAM_MISSING_KEY"), e3.getMessage());
    assertThrows(ConfigException.class, () -> Settings.load(Map.of(), Path.of("no/such.properties"), Map.of(), Map.of()));
  }

  @Test
  void flagsParse() {
    Flags f = Flags.parse("demo", "x", "--a=1", "--b", "2", "--quiet");
    assertEquals(Map.of("a", "1", "b", "2", "quiet", "true"), f.options());
    assertEquals(java.util.List.of("demo", "x"), f.positional());
  }
}
