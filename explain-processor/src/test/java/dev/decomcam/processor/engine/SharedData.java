package dev.decomcam.processor.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (from the {@code decomcam.root} property) and skips tests without it.
 */
final class SharedData {

  private SharedData() {}

  static Path root() {
    return Path.of(System.getProperty("decomcam.root", ".")).toAbsolutePath().normalize();
  }

  static Path shared() {
    Path s = root().resolve("../shared").normalize();
    assumeTrue(
        Files.isRegularFile(s.resolve("models/mobilenetv2-imagenet/backbone.pt")),
        "../shared with the MobileNetV2 model is absent: skipping");
    return s;
  }

  static Path spec() {
    shared();
    return root().resolve("models/mobilenetv2-imagenet.spec.json");
  }
}
