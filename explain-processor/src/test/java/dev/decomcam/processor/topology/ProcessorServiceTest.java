package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.decomcam.common.config.ConfigError;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the processor checks at start, before any frame: the model and the target class. */
class ProcessorServiceTest {
  private static final Path SPEC =
      Path.of(System.getProperty("decomcam.root", "."))
          .toAbsolutePath()
          .normalize()
          .resolve("models/demo-shapes/spec.json");

  private static ProcessorConfig config(String target) {
    return ProcessorConfig.load(
        null, Map.of(), Map.of("model.spec", SPEC.toString(), "target", target));
  }

  @Test
  void aTargetClassTheModelDoesNotHaveStopsTheStart() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> ProcessorService.explainers(config("99")));
    assertEquals(
        "config key 'target' = '99' does not fit model "
            + SPEC
            + ": target class 99 is out of range: the model has 6 classes (0..5); set target=-1"
            + " for the top-1 class",
        e.getMessage());
  }

  @Test
  void aTargetInRangeStarts() {
    assertNotNull(ProcessorService.explainers(config("2")));
  }
}
