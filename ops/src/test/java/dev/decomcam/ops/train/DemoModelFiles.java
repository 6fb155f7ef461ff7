package dev.decomcam.ops.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds the committed demo model for tests; skips them when it is absent. */
final class DemoModelFiles {

  private DemoModelFiles() {}

  static Path dir() {
    String root = System.getProperty("decomcam.root", ".");
    Path dir = Path.of(root, "models", "demo-shapes");
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("spec.json")),
        "committed demo model not found under " + dir);
    return dir;
  }
}
