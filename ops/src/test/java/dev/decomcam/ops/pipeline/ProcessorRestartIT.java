package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.schemas.Explanation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the explain-processor (SIGKILL, a separate JVM) in the middle of a video and starts a new
 * one with an empty state directory. Under exactly_once_v2 no frame may be lost or explained twice,
 * and the camera's components come back from the store's changelog: the first frame the new process
 * explains continues the old components (no reset).
 */
class ProcessorRestartIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  @Test
  void killedProcessorResumesWarmWithoutLosingOrRepeatingFrames(@TempDir Path dir)
      throws Exception {
    killAndResume(KAFKA, dir, 1);
  }

  /**
   * The scenario on {@code kafka}'s fresh topics, with {@code batch.frames} = {@code batchFrames}.
   */
  static void killAndResume(KafkaBroker kafka, Path dir, int batchFrames) throws Exception {
    int frames = 100;
    Path video = dir.resolve("demo.mp4");
    GroundTruth truth = DemoVideo.generate(video, dir.resolve("demo.json"), 5, frames);
    kafka.createTopics(1, LocalPipeline.TOPICS);
    try (LocalPipeline.Ingest ingest =
        LocalPipeline.ingestOnly(
            kafka.bootstrapServers(), "cam", video.toString(), Map.of("pacing", "fast"))) {
      assertTrue(ingest.service().awaitTermination(Duration.ofMinutes(1)));
    }

    List<Explanation> seen = new ArrayList<>();
    try (OutputWatcher watcher =
        OutputWatcher.forDefaultTopics(kafka.bootstrapServers(), seen::add)) {
      Process first =
          startProcessor(kafka, batchFrames, dir.resolve("state-1"), dir.resolve("first.log"));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (seen.size() < 30 && System.nanoTime() < deadline && first.isAlive()) {
        watcher.poll(Duration.ofMillis(100));
      }
      assertTrue(
          seen.size() >= 30,
          "first processor explained "
              + seen.size()
              + " frames; log: "
              + Files.readString(dir.resolve("first.log")));
      first.destroyForcibly().waitFor();
      // whatever the first process committed before it died is readable now; take it all in
      // before the second starts, so the next record is surely the second process's first
      long drainUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < drainUntil) {
        watcher.poll(Duration.ofMillis(100));
      }
      int beforeKill = seen.size();
      assertTrue(
          beforeKill < frames, "the first processor finished the video before it was killed");

      Process second =
          startProcessor(kafka, batchFrames, dir.resolve("state-2"), dir.resolve("second.log"));
      try {
        deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (seen.size() < frames && System.nanoTime() < deadline) {
          watcher.poll(Duration.ofMillis(200));
        }
        watcher.poll(Duration.ofSeconds(2));
      } finally {
        second.destroy();
        second.waitFor();
      }
      List<Long> sequences = seen.stream().map(Explanation::getSequence).toList();
      assertEquals(
          LongStream.range(0, frames).boxed().toList(), sequences, "every frame once, in order");
      assertTrue(seen.get(0).getReset(), "the very first frame starts cold");
      // frames the first process committed are never redone, so the next one is the second
      // process's first
      Explanation resumed = seen.get(beforeKill);
      int at = (int) resumed.getSequence();
      // where the video cuts to a new scene (every 50 frames) a reset is right, cold or warm: a
      // kill that fell there cannot show the resume (the frames were still checked above)
      assumeFalse(
          resumed.getReset()
              && truth.frames().get(at).classIndex() != truth.frames().get(at - 1).classIndex(),
          "the second process started at frame "
              + at
              + ", a scene cut: a warm resume cannot show there");
      assertFalse(
          resumed.getReset(),
          "frame "
              + resumed.getSequence()
              + " after the restart started cold; log: "
              + Files.readString(dir.resolve("second.log")));
    }
  }

  private static Process startProcessor(KafkaBroker kafka, int batchFrames, Path stateDir, Path log)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    for (String p :
        List.of(
            "ai.djl.offline",
            "DJL_CACHE_DIR",
            "org.bytedeco.javacpp.cachedir",
            "org.apache.avro.SERIALIZABLE_PACKAGES",
            "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.decomcam.ops.cli.Decomcam",
            "process",
            "--bootstrap.servers=" + kafka.bootstrapServers(),
            "--batch.frames=" + batchFrames,
            "--model.spec=" + ROOT.resolve("models/demo-shapes/spec.json"),
            "--state.dir=" + stateDir,
            "--kafka.commit.interval.ms=100",
            // a killed member must leave the group quickly for the new one to take its partitions
            "--kafka.session.timeout.ms=6000",
            "--kafka.heartbeat.interval.ms=1000"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
