package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared media for tests, skipping them when it is absent. */
final class SharedMedia {
  private SharedMedia() {}

  static Path video(String name) {
    String root = System.getProperty("decomcam.root", ".");
    Path p = Path.of(root).resolve("../shared/media/video").resolve(name).normalize();
    assumeTrue(Files.isRegularFile(p), "shared media absent: " + p);
    return p;
  }
}
